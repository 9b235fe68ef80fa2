import type { Kysely } from 'kysely';
import type { HubTables } from '../../../core/store/tables';
import { budgetIssues } from './budget-check';
import type { ProgramValue } from './programs';

/** How welfare's rows in the shared data_issues table are told apart from ingest's. */
export const PROGRAM_ENTITY = 'welfare_program';

/**
 * Keeps the stored copy of a program's BUDGET_MISMATCH in step with its figures, so that the
 * hub-wide `dataIssues(code: "BUDGET_MISMATCH")` list shows it beside the ingest issues.
 * `WelfareProgram.dataIssues` computes the same issue from the program itself. Call it in the
 * transaction that writes the program.
 */
export async function recordBudgetIssues(trx: Kysely<HubTables>, program: ProgramValue): Promise<void> {
  await trx.deleteFrom('data_issues').where('entity_type', '=', PROGRAM_ENTITY).where('entity_id', '=', program.id).where('code', '=', 'BUDGET_MISMATCH').execute();
  const rows = budgetIssues(program).map((issue) => ({
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    // Computed by the hub, not reported by an upstream: '' is the table's "none".
    system: '',
    source_id: program.id,
    field: issue.field ?? '',
    entity_type: PROGRAM_ENTITY,
    entity_id: program.id,
    detected_at: issue.detectedAt,
  }));
  if (rows.length > 0) await trx.insertInto('data_issues').values(rows).onConflict((oc) => oc.columns(['code', 'system', 'source_id', 'field']).doNothing()).execute();
}
