import type { DataIssueDraft, EntityKind } from '../../../schema/model';
import type { ApplyContext } from '../apply-context';
import { chunk, insertMany, selectInChunks, keyIn } from '../bulk';

export interface RecordIssues {
  entity: EntityKind;
  entityId: string;
  system: string;
  sourceId: string;
  issues: DataIssueDraft[];
}

/**
 * The issues of records whose newer version was just applied are replaced by the issues of that
 * version: an issue the upstream fixed disappears, one it still has stays with its first
 * detection time.
 */
export async function replaceIssues(ctx: ApplyContext, records: RecordIssues[]): Promise<void> {
  const groups = new Map<string, RecordIssues[]>();
  for (const r of records) {
    const key = `${r.system}\u0000${r.entity}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) await replaceGroup(ctx, group);
}

/** Records of one system and entity kind. */
async function replaceGroup(ctx: ApplyContext, records: RecordIssues[]): Promise<void> {
  const { system, entity } = records[0];
  const sourceIds = records.map((r) => r.sourceId);
  const existing = await selectInChunks(sourceIds, (part) =>
    ctx.trx.selectFrom('data_issues').select(['id', 'code', 'field', 'source_id', 'detected_at'])
      .where('system', '=', system).where('entity_type', '=', entity).where(keyIn(ctx.trx, 'source_id', part)).execute());
  const firstSeen = new Map(existing.map((e) => [`${e.source_id}\u0000${e.code}\u0000${e.field}`, e.detected_at]));
  for (const part of chunk(existing.map((e) => e.id), 5_000)) {
    await ctx.trx.deleteFrom('data_issues').where(keyIn(ctx.trx, 'id', part)).execute();
  }
  const rows = records.flatMap((r) => r.issues.map((i) => ({
    code: i.code,
    severity: i.severity,
    message: i.message,
    system: r.system,
    source_id: r.sourceId,
    field: i.field,
    entity_type: r.entity,
    entity_id: r.entityId,
    detected_at: firstSeen.get(`${r.sourceId}\u0000${i.code}\u0000${i.field}`) ?? ctx.now,
  })));
  await insertMany(ctx.trx, 'data_issues', rows, { ignoreConflicts: true });
}
