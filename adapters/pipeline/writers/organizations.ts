import type { EnterpriseRecord, FormationApplicationRecord, UnionRecord } from '../../../schema/model';
import type { EnterprisesTable, FormationApplicationsTable, UnionsTable } from '../../../core/store/tables';

/**
 * Rows for the organizations domain. Hub ids are the upstream ids: each contract prefixes its
 * own (ZJGH…, NBGH…, SXGH…), and the pipeline refuses an id that another system already owns.
 */
export function unionRow(r: UnionRecord, deleted: boolean): UnionsTable {
  return {
    id: r.sourceId,
    system: r.system,
    source_id: r.sourceId,
    name: r.name,
    credit_code: r.creditCode,
    type: r.type,
    division_code: r.divisionCode,
    city: r.city,
    parent_id: r.parentSourceId,
    founded_on: r.foundedOn,
    last_election_on: r.lastElectionOn,
    dissolved: r.dissolved ? 1 : 0,
    deleted: deleted ? 1 : 0,
    version: r.version,
    updated_at: new Date(r.version).toISOString(),
  };
}

export function enterpriseRow(r: EnterpriseRecord, deleted: boolean): EnterprisesTable {
  return {
    id: r.sourceId,
    system: r.system,
    source_id: r.sourceId,
    name: r.name,
    credit_code: r.creditCode,
    category: r.category,
    platform: r.platform,
    division_code: r.divisionCode,
    city: r.city,
    union_id: r.unionSourceId,
    employees: r.employees,
    new_employment_workers: r.newEmploymentWorkers,
    deleted: deleted ? 1 : 0,
    version: r.version,
    updated_at: new Date(r.version).toISOString(),
  };
}

export function applicationRow(r: FormationApplicationRecord, deleted: boolean): FormationApplicationsTable {
  return {
    id: r.sourceId,
    system: r.system,
    enterprise_id: r.enterpriseSourceId,
    stage: r.stage,
    submitted_at: r.submittedAt,
    stage_updated_at: r.stageUpdatedAt,
    union_id: r.unionSourceId,
    deleted: deleted ? 1 : 0,
    version: r.version,
  };
}

/** What is left of a record the upstream deleted: enough to block older upserts. */
export function tombstone(system: string, sourceId: string, version: number) {
  const updatedAt = new Date(version).toISOString();
  return {
    union: (): UnionsTable => ({
      id: sourceId, system, source_id: sourceId, name: '', credit_code: null, type: 'GRASSROOTS', division_code: '',
      city: null, parent_id: null, founded_on: null, last_election_on: null, dissolved: 0, deleted: 1, version, updated_at: updatedAt,
    }),
    enterprise: (): EnterprisesTable => ({
      id: sourceId, system, source_id: sourceId, name: '', credit_code: null, category: 'OTHER', platform: null, division_code: null,
      city: null, union_id: null, employees: null, new_employment_workers: null, deleted: 1, version, updated_at: updatedAt,
    }),
    application: (): FormationApplicationsTable => ({
      id: sourceId, system, enterprise_id: '', stage: 'SUBMITTED', submitted_at: updatedAt, stage_updated_at: null, union_id: null,
      deleted: 1, version,
    }),
  };
}
