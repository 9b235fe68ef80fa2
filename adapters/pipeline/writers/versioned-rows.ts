import type { DataIssueDraft, EntityKind } from '../../../schema/model';
import type { ApplyContext, WriteResult } from '../apply-context';
import { selectInChunks, upsertMany, keyIn } from '../bulk';
import { appendChangeLog } from './change-log';
import { replaceIssues } from './data-issues';

/** Tables whose rows carry the upstream's version and a tombstone flag, keyed by `id`. */
export type VersionedTable = 'unions' | 'enterprises' | 'formation_applications' | 'stations' | 'activities';

/** One change planned for a versioned table: the full row to write and what to log. */
export interface PlannedRow {
  index: number;
  id: string;
  system: string;
  version: number;
  deleted: boolean;
  row: Record<string, unknown>;
  issues: DataIssueDraft[];
  /** The union whose signals this change feeds (monitoring), if any. */
  unionId: string | null;
  occurredOn: string | null;
}

/**
 * Newer version wins; the same or an older version is a no-op, so replays and out-of-order
 * deliveries leave the store unchanged. A tombstone (deleted = 1) keeps its version, so an older
 * upsert that arrives after a delete cannot bring the record back. An id owned by another system
 * is refused. Within one batch only the newest version of a record counts.
 */
export async function applyVersioned(ctx: ApplyContext, entity: EntityKind, table: VersionedTable, planned: PlannedRow[]): Promise<WriteResult> {
  const result: WriteResult = { applied: 0, unchanged: 0, refused: [] };
  const newest = new Map<string, PlannedRow>();
  for (const p of planned) {
    const seen = newest.get(p.id);
    if (!seen || p.version > seen.version) {
      if (seen) result.unchanged++;
      newest.set(p.id, p);
    } else result.unchanged++;
  }
  const existing = new Map(
    (await selectInChunks([...newest.keys()], (part) =>
      ctx.trx.selectFrom(table).select(['id', 'system', 'version']).where(keyIn(ctx.trx, 'id', part)).execute()))
      .map((r) => [r.id, r]),
  );
  const writes: PlannedRow[] = [];
  for (const p of newest.values()) {
    const current = existing.get(p.id);
    if (current && current.system !== p.system) {
      result.refused.push({ index: p.index, sourceId: p.id, field: 'id', rule: 'ID_OWNED_BY_OTHER_SYSTEM', reason: `id ${p.id} already belongs to a record from ${current.system}` });
    } else if (current && Number(current.version) >= p.version) {
      result.unchanged++;
    } else {
      writes.push(p);
    }
  }
  if (writes.length === 0) return result;
  await upsertMany(ctx.trx, table, writes.map((w) => w.row), ['id']);
  await replaceIssues(ctx, writes.map((w) => ({ entity, entityId: w.id, system: w.system, sourceId: w.id, issues: w.issues })));
  await appendChangeLog(ctx, writes.map((w) => ({
    entity, entityId: w.id, system: w.system, op: w.deleted ? 'DELETE' : 'UPSERT', version: w.version, unionId: w.unionId, occurredOn: w.occurredOn,
  })));
  result.applied += writes.length;
  return result;
}
