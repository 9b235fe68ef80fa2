import type { CanonicalChange, EntityKind } from '../../schema/model';
import type { ApplyContext, ApplyOutcome } from './apply-context';
import { appendChangeLog } from './writers/change-log';
import { replaceRecordIssues } from './writers/data-issues';
import { applyMemberDelete, applyMemberUpsert } from './writers/members';
import { applicationRow, enterpriseRow, tombstone, unionRow } from './writers/organizations';
import { stationRow, stationTombstone } from './writers/stations';
import { activityRow, activityTombstone } from './writers/activities';
import { decide, upsertRow, type VersionedTable } from './writers/versioned-row';

const TABLE: Record<Exclude<EntityKind, 'member'>, VersionedTable> = {
  union: 'unions',
  enterprise: 'enterprises',
  application: 'formation_applications',
  station: 'stations',
  activity: 'activities',
};

/** Applies one canonical change inside the caller's transaction. */
export async function applyChange(ctx: ApplyContext, change: CanonicalChange): Promise<ApplyOutcome> {
  if (change.entity === 'member') {
    if (change.op === 'delete') return applyMemberDelete(ctx, change.system, change.sourceId, change.version);
    return applyMemberUpsert(ctx, change.record, change.issues);
  }
  const header = change.op === 'delete' ? change : change.record;
  const table = TABLE[change.entity];
  if ((await decide(ctx, table, header.sourceId, header.system, header.version)) === 'stale') return 'unchanged';
  const { row, unionId, occurredOn } = rowFor(change);
  await upsertRow(ctx, table, row);
  await replaceRecordIssues(ctx, { entity: change.entity, entityId: header.sourceId, system: header.system, sourceId: header.sourceId }, change.issues);
  await appendChangeLog(ctx, {
    entity: change.entity, entityId: header.sourceId, system: header.system, op: change.op === 'delete' ? 'DELETE' : 'UPSERT',
    version: header.version, unionId, occurredOn,
  });
  return 'applied';
}

interface RowPlan {
  row: Record<string, unknown>;
  /** The union whose signals this change feeds (monitoring), if any. */
  unionId: string | null;
  occurredOn: string | null;
}

function rowFor(change: Exclude<CanonicalChange, { entity: 'member' }>): RowPlan {
  if (change.op === 'delete') {
    const t = tombstone(change.system, change.sourceId, change.version);
    const row = change.entity === 'union' ? t.union()
      : change.entity === 'enterprise' ? t.enterprise()
      : change.entity === 'application' ? t.application()
      : change.entity === 'station' ? stationTombstone(change.system, change.sourceId, change.version)
      : activityTombstone(change.system, change.sourceId, change.version);
    return { row: { ...row }, unionId: null, occurredOn: null };
  }
  switch (change.entity) {
    case 'union':
      return { row: { ...unionRow(change.record, false) }, unionId: change.record.sourceId, occurredOn: null };
    case 'enterprise':
      return { row: { ...enterpriseRow(change.record, false) }, unionId: change.record.unionSourceId, occurredOn: null };
    case 'application':
      return { row: { ...applicationRow(change.record, false) }, unionId: change.record.unionSourceId, occurredOn: null };
    case 'station':
      return { row: { ...stationRow(change.record, false) }, unionId: change.record.hostUnionSourceId, occurredOn: null };
    case 'activity':
      return { row: { ...activityRow(change.record, false) }, unionId: change.record.unionSourceId, occurredOn: change.record.date };
  }
}
