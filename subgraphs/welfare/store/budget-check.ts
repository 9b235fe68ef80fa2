import type { DataIssueValue } from '../../kit';
import type { ProgramValue } from './programs';

/** Budgets are in yuan with fen at most; anything closer than half a fen is the same amount. */
const TOLERANCE_YUAN = 0.005;

const yuan = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * A program's figures must agree: budget = places × standard. The province's 2025 check-up says
 * 2,000,000 yuan for 12,000 places at 500 yuan (= 6,000,000): data like this is flagged, not
 * silently accepted (DOMAIN.md). Nothing is checked while any of the three is unknown.
 */
export function budgetIssues(program: ProgramValue): DataIssueValue[] {
  const { budgetYuan, places, standardYuanPerPerson } = program;
  if (budgetYuan === null || places === null || standardYuanPerPerson === null) return [];
  const implied = places * standardYuanPerPerson;
  if (Math.abs(budgetYuan - implied) < TOLERANCE_YUAN) return [];
  return [
    {
      id: null,
      code: 'BUDGET_MISMATCH',
      severity: 'WARNING',
      message: `budget ${yuan(budgetYuan)} yuan does not match ${yuan(places)} places × ${yuan(standardYuanPerPerson)} yuan per person = ${yuan(implied)} yuan`,
      system: null,
      sourceId: program.id,
      field: 'budgetYuan',
      detectedAt: program.updatedAt,
    },
  ];
}
