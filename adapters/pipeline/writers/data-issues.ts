import type { DataIssueDraft, EntityKind } from '../../../schema/model';
import type { ApplyContext } from '../apply-context';

/**
 * The issues of a record are replaced whenever a newer version of it is applied: an issue the
 * upstream fixed disappears, one it still has stays (with its first detection time).
 */
export async function replaceRecordIssues(
  ctx: ApplyContext,
  target: { entity: EntityKind; entityId: string; system: string; sourceId: string },
  issues: DataIssueDraft[],
): Promise<void> {
  const current = issues.map((i) => i.code + '\u0000' + i.field);
  const existing = await ctx.trx
    .selectFrom('data_issues')
    .select(['id', 'code', 'field'])
    .where('system', '=', target.system)
    .where('source_id', '=', target.sourceId)
    .where('entity_type', '=', target.entity)
    .execute();
  const stale = existing.filter((e) => !current.includes(e.code + '\u0000' + e.field)).map((e) => e.id);
  if (stale.length > 0) await ctx.trx.deleteFrom('data_issues').where('id', 'in', stale).execute();
  for (const issue of issues) {
    await ctx.trx
      .insertInto('data_issues')
      .values({
        code: issue.code,
        severity: issue.severity,
        message: issue.message,
        system: target.system,
        source_id: target.sourceId,
        field: issue.field,
        entity_type: target.entity,
        entity_id: target.entityId,
        detected_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['code', 'system', 'source_id', 'field']).doUpdateSet({ message: issue.message, entity_id: target.entityId }))
      .execute();
  }
}
