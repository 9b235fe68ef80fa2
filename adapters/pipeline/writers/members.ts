import type { CanonicalChange, MemberRecord } from '../../../schema/model';
import type { MemberSourcesTable } from '../../../core/store/tables';
import { sealed, type ApplyContext, type WriteResult } from '../apply-context';
import type { IndexedChange } from '../apply-changes';
import { selectInChunks, upsertMany, keyIn } from '../bulk';
import { appendChangeLog, type LoggedChange } from './change-log';
import { replaceIssues } from './data-issues';

/**
 * Member sources: each upstream record of a person kept as one row (system, source id). The
 * person's member view is recomputed from all their sources before the transaction commits
 * (see member-view.ts).
 */
export function personKeyOf(ctx: ApplyContext, idType: string, idNumber: string): string {
  return ctx.pii.blindIndex(`${idType}:${idNumber}`);
}

type MemberChange = Extract<CanonicalChange, { entity: 'member'; op: 'upsert' }> | Extract<CanonicalChange, { op: 'delete' }>;
interface Planned {
  index: number;
  system: string;
  sourceId: string;
  version: number;
  change: MemberChange;
}

export async function applyMembers(ctx: ApplyContext, changes: IndexedChange[]): Promise<WriteResult> {
  const result: WriteResult = { applied: 0, unchanged: 0, refused: [] };
  const newest = new Map<string, Planned>();
  for (const { index, change } of changes) {
    const c = change as MemberChange;
    const header = c.op === 'delete' ? c : c.record;
    const key = `${header.system}\u0000${header.sourceId}`;
    const seen = newest.get(key);
    if (!seen || header.version > seen.version) {
      if (seen) result.unchanged++;
      newest.set(key, { index, system: header.system, sourceId: header.sourceId, version: header.version, change: c });
    } else result.unchanged++;
  }
  const existing = await existingSources(ctx, [...newest.values()]);
  const writes = [...newest.values()].filter((p) => {
    const current = existing.get(`${p.system}\u0000${p.sourceId}`);
    if (current && Number(current.version) >= p.version) {
      result.unchanged++;
      return false;
    }
    return true;
  });
  if (writes.length === 0) return result;
  const cities = await unionCities(ctx, writes.flatMap((w) => (w.change.op === 'upsert' && !w.change.record.city && w.change.record.unionSourceId ? [w.change.record.unionSourceId] : [])));
  const rows = writes.map((w) => sourceRow(ctx, w, cities));
  await upsertMany(ctx.trx, 'member_sources', rows, ['system', 'source_id']);
  for (const w of writes) {
    const before = existing.get(`${w.system}\u0000${w.sourceId}`);
    if (before?.person_key) ctx.touchedPersons.add(before.person_key);
  }
  for (const r of rows) if (r.person_key) ctx.touchedPersons.add(r.person_key);
  await replaceIssues(ctx, writes.map((w) => ({ entity: 'member', entityId: w.sourceId, system: w.system, sourceId: w.sourceId, issues: w.change.issues })));
  await appendChangeLog(ctx, writes.map((w): LoggedChange => ({
    entity: 'member', entityId: w.sourceId, system: w.system, op: w.change.op === 'delete' ? 'DELETE' : 'UPSERT', version: w.version,
    unionId: w.change.op === 'upsert' ? w.change.record.unionSourceId : null,
    occurredOn: new Date(w.version).toISOString().slice(0, 10),
  })));
  result.applied += writes.length;
  return result;
}

async function existingSources(ctx: ApplyContext, planned: Planned[]) {
  const bySystem = new Map<string, string[]>();
  for (const p of planned) bySystem.set(p.system, [...(bySystem.get(p.system) ?? []), p.sourceId]);
  const out = new Map<string, { version: number; person_key: string }>();
  for (const [system, ids] of bySystem) {
    const rows = await selectInChunks(ids, (part) =>
      ctx.trx.selectFrom('member_sources').select(['source_id', 'version', 'person_key'])
        .where('system', '=', system).where(keyIn(ctx.trx, 'source_id', part)).execute());
    for (const r of rows) out.set(`${system}\u0000${r.source_id}`, { version: Number(r.version), person_key: r.person_key });
  }
  return out;
}

/** A member's city, when the upstream record has none, is its union's city. */
async function unionCities(ctx: ApplyContext, unionIds: string[]): Promise<Map<string, string | null>> {
  const rows = await selectInChunks(unionIds, (part) =>
    ctx.trx.selectFrom('unions').select(['id', 'city']).where(keyIn(ctx.trx, 'id', part)).execute());
  return new Map(rows.map((r) => [r.id, r.city]));
}

function sourceRow(ctx: ApplyContext, w: Planned, cities: Map<string, string | null>): MemberSourcesTable {
  const updatedAt = new Date(w.version).toISOString();
  if (w.change.op === 'delete') {
    // A tombstone: no person, so it never joins a member; it blocks older upserts arriving later.
    return {
      system: w.system, source_id: w.sourceId, person_key: '', id_type: '', id_number_enc: '', name: '', gender: null,
      birth_date: null, mobile_enc: null, union_id: null, city: null, joined_on: null, join_channel: null, occupations: '[]',
      employer_name: null, employer_credit_code: null, status: 'LEFT', deleted: 1, version: w.version, updated_at: updatedAt,
    };
  }
  const r: MemberRecord = w.change.record;
  return {
    system: r.system,
    source_id: r.sourceId,
    person_key: personKeyOf(ctx, r.idType, r.idNumber),
    id_type: r.idType,
    id_number_enc: sealed(ctx, r.idNumber),
    name: r.name,
    gender: r.gender,
    birth_date: r.birthDate,
    mobile_enc: r.mobile ? sealed(ctx, r.mobile) : null,
    union_id: r.unionSourceId,
    city: r.city ?? (r.unionSourceId ? cities.get(r.unionSourceId) ?? null : null),
    joined_on: r.joinedOn,
    join_channel: r.joinChannel,
    occupations: JSON.stringify(r.occupations),
    employer_name: r.employerName,
    employer_credit_code: r.employerCreditCode,
    status: r.status,
    deleted: 0,
    version: r.version,
    updated_at: updatedAt,
  };
}
