import type { Selectable } from 'kysely';
import type { Store } from '../../../core/store/database';
import type { WelfareProgramsTable } from '../../../core/store/tables';
import { isOneOf, type WelfareKind } from '../../../schema/enums';
import { defineLoader, isTrue, oneByKey, toCount } from '../../kit';
import { parseEligibility, type Eligibility } from './eligibility';
import { ORGANIZER_LEVELS, type OrganizerLevel } from './organizer';

export interface ProgramValue {
  id: string;
  name: string;
  kind: WelfareKind;
  year: number;
  funder: string;
  budgetYuan: number | null;
  places: number | null;
  standardYuanPerPerson: number | null;
  /** Rows written by hand before the levels were checked may hold another word: read as PROVINCE. */
  organizerLevel: OrganizerLevel;
  organizerDivision: string;
  eligibility: Eligibility;
  closed: boolean;
  updatedAt: string;
  updatedBy: string | null;
}

export type ProgramRow = Selectable<WelfareProgramsTable>;

/** Enrollments that hold a place: cancelled ones give it back. */
export const PLACE_HOLDING = ['ENROLLED', 'USED'] as const;

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export function toProgramValue(row: ProgramRow): ProgramValue {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as WelfareKind,
    year: Number(row.year),
    funder: row.funder,
    budgetYuan: num(row.budget_yuan),
    places: num(row.places),
    standardYuanPerPerson: num(row.standard_yuan_per_person),
    organizerLevel: isOneOf(ORGANIZER_LEVELS, row.organizer_level) ? row.organizer_level : 'PROVINCE',
    organizerDivision: row.organizer_division,
    eligibility: parseEligibility(row.eligibility),
    closed: isTrue(row.closed),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function listPrograms(store: Store, year: number | null, kind: WelfareKind | null): Promise<ProgramValue[]> {
  const rows = await store.db
    .selectFrom('welfare_programs')
    .selectAll()
    .$if(year !== null, (qb) => qb.where('year', '=', year as number))
    .$if(kind !== null, (qb) => qb.where('kind', '=', kind as WelfareKind))
    .orderBy('year', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toProgramValue);
}

export const programLoader = defineLoader<string, ProgramValue | null>('welfareProgramById', async (store, ids) => {
  const rows = await store.db.selectFrom('welfare_programs').selectAll().where('id', 'in', [...ids]).execute();
  return oneByKey(ids, rows.map(toProgramValue), (p) => p.id);
});

/** Places used per program, one GROUP BY per batch. */
export const placesUsedLoader = defineLoader<string, number>('welfarePlacesUsed', async (store, programIds) => {
  const rows = await store.db
    .selectFrom('enrollments')
    .select((eb) => ['program_id', eb.fn.countAll().as('n')])
    .where('program_id', 'in', [...programIds])
    .where('status', 'in', [...PLACE_HOLDING])
    .groupBy('program_id')
    .execute();
  return programIds.map((id) => toCount(rows.find((r) => r.program_id === id)?.n));
});
