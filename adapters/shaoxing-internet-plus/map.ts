import type { City } from '../../schema/enums';
import type { CanonicalChange, EntityKind, MapResult } from '../../schema/model';
import { FieldProblem, RecordReader, rejectionFrom } from '../pipeline/record-reader';
import { instantOf } from './feed-version';
import { mapMember } from './map-member';
import { mapApplication, mapEnterprise, mapUnion } from './map-organizations';
import { mapStation } from './map-station';

/**
 * One record of Shaoxing's mixed change feed → one canonical change, dispatched on the record's
 * `type`. The raw record is what the feed client yields: `{type, op, id, fields, feedVersion}`.
 * A record's version is its `updatedAt` (ISO 8601, +08:00) in epoch ms; deletes, and the union
 * and enterprise records the contract gives no `updatedAt`, take the version their position in
 * the feed gives them (feed-version.ts).
 */
export const SYSTEM = 'shaoxing-internet-plus';

export const RECORD_TYPES = ['enterprise', 'union', 'application', 'member', 'station'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** What every per-type mapper gets: the record's fields, its id and version, and the source's city. */
export interface MapContext {
  r: RecordReader;
  id: string;
  version: number;
  /** The city the source reports (its one configured city), or null when it reports several. */
  city: City | null;
}

const ENTITY: Record<RecordType, EntityKind> = {
  enterprise: 'enterprise', union: 'union', application: 'application', member: 'member', station: 'station',
};

export function mapShaoxingRecord(raw: unknown, city: City | null): MapResult {
  let sourceId = '';
  let label = `${SYSTEM} record`;
  try {
    const record = RecordReader.from(raw, label);
    const type = record.enumValue('type', RECORD_TYPES);
    label = `${SYSTEM} ${type}`;
    const op = record.enumValue('op', ['upsert', 'delete'] as const);
    const r = RecordReader.from(record.value('fields'), `${label} fields`);
    sourceId = r.optString('id') ?? '';
    const id = r.string('id');
    const version = versionOf(r, op, record.value('feedVersion'));
    if (op === 'delete') return { ok: true, change: { entity: ENTITY[type], op: 'delete', system: SYSTEM, sourceId: id, version, issues: [] } };
    return { ok: true, change: upsert(type, { r, id, version, city }) };
  } catch (e) {
    return { ok: false, rejection: rejectionFrom(e, sourceId, label) };
  }
}

function upsert(type: RecordType, ctx: MapContext): CanonicalChange {
  switch (type) {
    case 'enterprise': return mapEnterprise(ctx);
    case 'union': return mapUnion(ctx);
    case 'application': return mapApplication(ctx);
    case 'member': return mapMember(ctx);
    case 'station': return mapStation(ctx);
  }
}

function versionOf(r: RecordReader, op: 'upsert' | 'delete', feedVersion: unknown): number {
  if (op === 'upsert' && r.has('updatedAt')) {
    const ms = instantOf(r.value('updatedAt'));
    if (ms === null) throw new FieldProblem('updatedAt', 'INSTANT', `updatedAt must be an ISO 8601 instant with a zone such as +08:00, got ${JSON.stringify(r.value('updatedAt'))}`);
    return ms;
  }
  if (typeof feedVersion !== 'number' || !Number.isSafeInteger(feedVersion)) {
    throw new FieldProblem('feedVersion', 'REQUIRED', 'a record without updatedAt needs the version its place in the feed gives it');
  }
  return feedVersion;
}
