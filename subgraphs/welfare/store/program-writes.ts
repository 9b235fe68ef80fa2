import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { HubError, InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import type { HubTables } from '../../../core/store/tables';
import { toCount } from '../../kit';
import { recordBudgetIssues } from './budget-issue-record';
import { serializeEligibility } from './eligibility';
import { checkProgramId, checkProgramInput, type ProgramInput } from './program-input';
import { withProgramLock } from './program-lock';
import { PLACE_HOLDING, toProgramValue, type ProgramRow, type ProgramValue } from './programs';
import { isUniqueViolation } from './unique-violation';

/** Who changed a program: 'config', 'seed', or `api:<request id>` until requests carry a principal. */
export interface ChangeSource {
  by: string;
  now: Date;
}

function columnsOf(input: ProgramInput) {
  return {
    name: input.name,
    kind: input.kind,
    year: input.year,
    funder: input.funder,
    budget_yuan: input.budgetYuan,
    places: input.places,
    standard_yuan_per_person: input.standardYuanPerPerson,
    organizer_level: input.organizerLevel,
    organizer_division: input.organizerDivision,
    eligibility: serializeEligibility(input.eligibility),
    closed: input.closed ? 1 : 0,
  };
}

/** The program as a caller would send it back: the base that a patch is applied to. */
function inputOf(program: ProgramValue): Record<string, unknown> {
  return {
    name: program.name, kind: program.kind, year: program.year, funder: program.funder,
    budgetYuan: program.budgetYuan, places: program.places, standardYuanPerPerson: program.standardYuanPerPerson,
    organizerLevel: program.organizerLevel, organizerDivision: program.organizerDivision,
    eligibility: program.eligibility, closed: program.closed,
  };
}

/** Creates a program; the id is the caller's (config files need stable ids) or a fresh `wp-<year>-…`. */
export async function createProgram(store: Store, raw: Record<string, unknown>, prefix: string, source: ChangeSource): Promise<ProgramValue> {
  const id = raw.id === undefined || raw.id === null ? null : checkProgramId(raw.id, `${prefix}id`);
  const input = checkProgramInput(raw, prefix, source.now);
  const programId = id ?? `wp-${input.year}-${randomUUID().slice(0, 8)}`;
  const duplicate = () => new InputError(`${prefix}id`, 'DUPLICATE', `${prefix}id must be new: program ${programId} already exists (change it with updateWelfareProgram)`);
  try {
    return await withProgramLock(store, programId, async (trx, existing) => {
      if (existing) throw duplicate();
      const at = source.now.toISOString();
      await trx.insertInto('welfare_programs').values({ id: programId, ...columnsOf(input), created_at: at, updated_at: at, updated_by: source.by }).execute();
      return saved(trx, programId);
    });
  } catch (error) {
    // Two creations of one id at once: there is no row to lock yet, so the primary key decides.
    if (isUniqueViolation(error, 'welfare_programs_pkey', 'welfare_programs.id')) throw duplicate();
    throw error;
  }
}

/**
 * Changes the fields the patch names (absent = unchanged, null = unknown). The whole program is
 * checked again, and under the program lock: places cannot drop below the places already taken,
 * and the kind cannot change once members are enrolled.
 */
export async function updateProgram(store: Store, id: string, patch: Record<string, unknown>, prefix: string, source: ChangeSource): Promise<ProgramValue> {
  return withProgramLock(store, id, async (trx, row) => {
    if (!row) throw new HubError('NOT_FOUND', `no welfare program ${id}`, { field: 'id' });
    const current = toProgramValue(row);
    // `closed: null` means "leave it"; other required fields sent as null are refused by the checks.
    const merged = { ...inputOf(current), ...definedOnly({ ...patch, closed: patch.closed ?? undefined }) };
    // A new level without a division must not keep the old level's division.
    if (patch.organizerLevel !== undefined && patch.organizerDivision === undefined) merged.organizerDivision = null;
    const input = checkProgramInput(merged, prefix, source.now);
    const taken = await placesTaken(trx, id);
    if (input.places !== null && input.places < taken) {
      throw new InputError(`${prefix}places`, 'BELOW_PLACES_USED', `${prefix}places cannot be ${input.places}: ${taken} places are already taken`);
    }
    if (input.kind !== current.kind && (await enrollmentCount(trx, id)) > 0) {
      throw new InputError(`${prefix}kind`, 'HAS_ENROLLMENTS', `${prefix}kind cannot change from ${current.kind}: the program has enrollments`);
    }
    await trx.updateTable('welfare_programs').set({ ...columnsOf(input), updated_at: source.now.toISOString(), updated_by: source.by }).where('id', '=', id).execute();
    return saved(trx, id);
  });
}

/** Creates the program or changes it to exactly what is given (the config file's way). */
export async function putProgram(store: Store, raw: Record<string, unknown>, prefix: string, source: ChangeSource): Promise<ProgramValue> {
  const id = checkProgramId(raw.id, `${prefix}id`);
  const exists = await store.db.selectFrom('welfare_programs').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) return createProgram(store, raw, prefix, source);
  const full = { budgetYuan: null, places: null, standardYuanPerPerson: null, organizerDivision: null, closed: false, ...raw };
  delete (full as Record<string, unknown>).id;
  return updateProgram(store, id, full, prefix, source);
}

function definedOnly(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

async function placesTaken(trx: Kysely<HubTables>, programId: string): Promise<number> {
  const row = await trx.selectFrom('enrollments').select((eb) => eb.fn.countAll().as('n')).where('program_id', '=', programId).where('status', 'in', [...PLACE_HOLDING]).executeTakeFirst();
  return toCount(row?.n);
}

async function enrollmentCount(trx: Kysely<HubTables>, programId: string): Promise<number> {
  const row = await trx.selectFrom('enrollments').select((eb) => eb.fn.countAll().as('n')).where('program_id', '=', programId).executeTakeFirst();
  return toCount(row?.n);
}

/** Reads the program back and refreshes its stored budget issue, in the writing transaction. */
async function saved(trx: Kysely<HubTables>, id: string): Promise<ProgramValue> {
  const row: ProgramRow = await trx.selectFrom('welfare_programs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const program = toProgramValue(row);
  await recordBudgetIssues(trx, program);
  return program;
}
