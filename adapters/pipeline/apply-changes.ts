import type { CanonicalChange, EntityKind } from '../../schema/model';
import type { ApplyContext, WriteResult } from './apply-context';
import { applyMembers } from './writers/members';
import { applicationRow, enterpriseRow, tombstone, unionRow } from './writers/organizations';
import { stationRow, stationTombstone } from './writers/stations';
import { activityRow, activityTombstone } from './writers/activities';
import { applyVersioned, type PlannedRow, type VersionedTable } from './writers/versioned-rows';

const TABLE: Record<Exclude<EntityKind, 'member'>, VersionedTable> = {
  union: 'unions',
  enterprise: 'enterprises',
  application: 'formation_applications',
  station: 'stations',
  activity: 'activities',
};

/** Unions first, so that members applied in the same batch find their union's city. */
const ORDER: EntityKind[] = ['union', 'enterprise', 'application', 'station', 'activity', 'member'];

export interface IndexedChange {
  index: number;
  change: CanonicalChange;
}

/** Applies the mapped changes of one batch, grouped by entity, inside the caller's transaction. */
export async function applyChanges(ctx: ApplyContext, changes: IndexedChange[]): Promise<WriteResult> {
  const total: WriteResult = { applied: 0, unchanged: 0, refused: [] };
  for (const entity of ORDER) {
    const mine = changes.filter((c) => c.change.entity === entity);
    if (mine.length === 0) continue;
    const r = entity === 'member'
      ? await applyMembers(ctx, mine)
      : await applyVersioned(ctx, entity, TABLE[entity], mine.map((c) => plan(c.index, c.change as Exclude<CanonicalChange, { entity: 'member' }>)));
    total.applied += r.applied;
    total.unchanged += r.unchanged;
    total.refused.push(...r.refused);
  }
  return total;
}

function plan(index: number, change: Exclude<CanonicalChange, { entity: 'member' }>): PlannedRow {
  if (change.op === 'delete') {
    const t = tombstone(change.system, change.sourceId, change.version);
    const row = change.entity === 'union' ? t.union()
      : change.entity === 'enterprise' ? t.enterprise()
      : change.entity === 'application' ? t.application()
      : change.entity === 'station' ? stationTombstone(change.system, change.sourceId, change.version)
      : activityTombstone(change.system, change.sourceId, change.version);
    return { index, id: change.sourceId, system: change.system, version: change.version, deleted: true, row: { ...row }, issues: change.issues, unionId: null, occurredOn: null };
  }
  const base = { index, id: change.record.sourceId, system: change.record.system, version: change.record.version, deleted: false, issues: change.issues };
  switch (change.entity) {
    case 'union':
      return { ...base, row: { ...unionRow(change.record, false) }, unionId: change.record.sourceId, occurredOn: null };
    case 'enterprise':
      return { ...base, row: { ...enterpriseRow(change.record, false) }, unionId: change.record.unionSourceId, occurredOn: null };
    case 'application':
      return { ...base, row: { ...applicationRow(change.record, false) }, unionId: change.record.unionSourceId, occurredOn: null };
    case 'station':
      return { ...base, row: { ...stationRow(change.record, false) }, unionId: change.record.hostUnionSourceId, occurredOn: null };
    case 'activity':
      return { ...base, row: { ...activityRow(change.record, false) }, unionId: change.record.unionSourceId, occurredOn: change.record.date };
  }
}
