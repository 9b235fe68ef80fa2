import type { ActivityRecord } from '../../../schema/model';
import type { ActivitiesTable } from '../../../core/store/tables';

/** Activities, dues payments among them (kind DUES): the signals passive monitoring reads. */
export function activityRow(r: ActivityRecord, deleted: boolean): ActivitiesTable {
  return {
    id: r.sourceId,
    system: r.system,
    source_id: r.sourceId,
    union_id: r.unionSourceId,
    kind: r.kind,
    date: r.date,
    participants: r.participants,
    amount_yuan: r.amountYuan,
    deleted: deleted ? 1 : 0,
    version: r.version,
    updated_at: new Date(r.version).toISOString(),
  };
}

export function activityTombstone(system: string, sourceId: string, version: number): ActivitiesTable {
  return {
    id: sourceId, system, source_id: sourceId, union_id: '', kind: 'EVENT', date: '', participants: null, amount_yuan: null,
    deleted: 1, version, updated_at: new Date(version).toISOString(),
  };
}
