import type { Store } from '../../../core/store/database';
import type { WelfareKind } from '../../../schema/enums';
import { recordBudgetIssues } from './budget-issue-record';
import { serializeEligibility, type Eligibility } from './eligibility';
import type { OrganizerLevel } from './organizer';
import { toProgramValue } from './programs';

/** Who a program is meant for: the announcement's words and the rules enrollment checks. */
export type EligibilityRule = Eligibility;

interface ProgramSeed {
  id: string;
  name: string;
  kind: WelfareKind;
  year: number;
  funder: string;
  budget_yuan: number | null;
  places: number | null;
  standard_yuan_per_person: number | null;
  organizer_level: OrganizerLevel;
  organizer_division: string;
  eligibility: Eligibility;
}

const NEW_EMPLOYMENT: Eligibility = { audience: '新就业形态劳动者', anyOf: ['NEW_EMPLOYMENT_FORM'] };

/** The 2025 programs of the "9+X" service package, with the figures the 2025 article gives (DOMAIN.md). */
export const PROGRAMS_2025: readonly ProgramSeed[] = [
  {
    id: 'wp-2025-checkup-national',
    name: '新就业形态劳动者免费体检（全国总工会补助）',
    kind: 'HEALTH_CHECKUP', year: 2025, funder: '中华全国总工会', organizer_level: 'PROVINCE', organizer_division: '330000',
    // 500 yuan per person for 10,000 workers.
    budget_yuan: 5_000_000, places: 10_000, standard_yuan_per_person: 500,
    eligibility: NEW_EMPLOYMENT,
  },
  {
    id: 'wp-2025-checkup-province',
    name: '新就业形态劳动者免费体检（省总工会配套）',
    kind: 'HEALTH_CHECKUP', year: 2025, funder: '浙江省总工会', organizer_level: 'PROVINCE', organizer_division: '330000',
    // As announced: 2,000,000 yuan for 12,000 places at 500 yuan. 12,000 × 500 = 6,000,000, so the
    // figures disagree; they are stored as announced and BUDGET_MISMATCH flags them.
    budget_yuan: 2_000_000, places: 12_000, standard_yuan_per_person: 500,
    eligibility: NEW_EMPLOYMENT,
  },
  {
    id: 'wp-2025-recuperation',
    name: '一日、二日免费疗休养',
    kind: 'RECUPERATION', year: 2025, funder: '浙江省总工会', organizer_level: 'CITY_COUNTY', organizer_division: '330000',
    // 10,000,000 yuan for 20,000 places: 500 yuan per place.
    budget_yuan: 10_000_000, places: 20_000, standard_yuan_per_person: 500,
    eligibility: { audience: '非公企业一线优秀职工和新就业形态劳动者', anyOf: ['FRONTLINE_NON_PUBLIC', 'NEW_EMPLOYMENT_FORM'] },
  },
  {
    id: 'wp-2025-summer-camp-1',
    name: '职工子女"五育研学"夏令营（首批，8月10日）',
    kind: 'SUMMER_CAMP', year: 2025, funder: '浙江省总工会', organizer_level: 'PROVINCE', organizer_division: '330000',
    // 245 children in the first batch; no budget or standard was published.
    budget_yuan: null, places: 245, standard_yuan_per_person: null,
    // The parent member must be a martyr's family, in hardship, or a new-employment worker.
    eligibility: { audience: '烈士子女、困难职工子女、新就业形态劳动者子女', anyOf: ['MARTYR_FAMILY', 'HARDSHIP', 'NEW_EMPLOYMENT_FORM'] },
  },
  {
    id: 'wp-2025-summer-cooling',
    name: '夏日送清凉',
    kind: 'SUMMER_COOLING', year: 2025, funder: '浙江省总工会', organizer_level: 'PROVINCE', organizer_division: '330000',
    // Drinks, fruit and lunches at stations through the hot season: no places, no per-person standard.
    budget_yuan: null, places: null, standard_yuan_per_person: null,
    // Handed out at stations to whoever works outdoors: no rule narrower than membership fits.
    eligibility: { audience: '外卖骑手、快递员等户外劳动者', anyOf: ['ANY_MEMBER'] },
  },
  {
    id: 'wp-2025-meal-subsidy',
    name: '爱"新"餐',
    kind: 'MEAL_SUBSIDY', year: 2025, funder: '慈溪市总工会', organizer_level: 'COUNTY', organizer_division: '330282',
    // The rider pays 5.1 yuan for a meal of 10+ yuan; the rest is split between the union's subsidy,
    // the employer's discount and the platform's delivery in shares nobody published. 5.1 is the
    // rider's price, not the union's per-person standard, so the standard stays unknown (null).
    budget_yuan: null, places: null, standard_yuan_per_person: null,
    eligibility: NEW_EMPLOYMENT,
  },
];

/**
 * Inserts the 2025 programs that are missing; never overwrites one that anybody changed (it may
 * have been closed or corrected since). A row the seed wrote before programs recorded who changed
 * them (`updated_by` null) gets the eligibility rules and organizer division it was written
 * without. Refreshes every seeded program's stored budget issue.
 */
export async function seedWelfarePrograms(store: Store, now: string = new Date().toISOString()): Promise<number> {
  let inserted = 0;
  for (const p of PROGRAMS_2025) {
    await store.db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('welfare_programs')
        .values({ ...p, eligibility: serializeEligibility(p.eligibility), closed: 0, created_at: now, updated_at: now, updated_by: 'seed' })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      await trx
        .updateTable('welfare_programs')
        .set({ eligibility: serializeEligibility(p.eligibility), organizer_division: p.organizer_division, updated_by: 'seed' })
        .where('id', '=', p.id)
        .where('updated_by', 'is', null)
        .execute();
      const row = await trx.selectFrom('welfare_programs').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      await recordBudgetIssues(trx, toProgramValue(row));
    });
  }
  return inserted;
}
