import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { HubError, InputError } from '../../../core/errors';
import type { PiiCipher } from '../../../core/pii';
import type { Store } from '../../../core/store/database';
import type { EnrollmentsTable, HubTables } from '../../../core/store/tables';
import type { City, EnrollmentStatus } from '../../../schema/enums';
import { defineLoader, manyByKey, toCount } from '../../kit';
import { checkChild, childRecord, type ChildInput, type ChildRecord } from './children';
import { checkEligibility } from './eligibility';
import { memberFacts } from './member-attributes';
import { withProgramLock } from './program-lock';
import { PLACE_HOLDING, toProgramValue, type ProgramValue } from './programs';
import { isUniqueViolation } from './unique-violation';

export interface EnrollmentValue {
  id: string;
  programId: string;
  memberId: string;
  status: EnrollmentStatus;
  enrolledAt: string;
  cancelledAt: string | null;
  /** Masked: the only form in which a child's name ever leaves the store. */
  child: { givenNameMasked: string; birthYear: number } | null;
}

type EnrollmentRow = Selectable<EnrollmentsTable>;

function toEnrollmentValue(row: EnrollmentRow): EnrollmentValue {
  return {
    id: row.id,
    programId: row.program_id,
    memberId: row.member_id,
    status: row.status as EnrollmentStatus,
    enrolledAt: row.enrolled_at,
    cancelledAt: row.cancelled_at,
    child: row.child_birth_year === null ? null : { givenNameMasked: row.child_given_name_masked ?? '*', birthYear: Number(row.child_birth_year) },
  };
}

/** A member's enrollments (cancelled ones too: the status says so), oldest first. */
export const enrollmentsByMemberLoader = defineLoader<string, EnrollmentValue[]>('enrollmentsByMember', async (store, memberIds) => {
  const rows = await store.db
    .selectFrom('enrollments')
    .selectAll()
    .where('member_id', 'in', [...memberIds])
    .orderBy('enrolled_at')
    .orderBy('id')
    .execute();
  return manyByKey(memberIds, rows.map(toEnrollmentValue), (e) => e.memberId);
});

export interface EnrollRequest {
  programId: string;
  memberId: string;
  /** Required for a SUMMER_CAMP, refused for any other kind. */
  child: ChildInput | null;
}

/**
 * Takes a place, checking in this order: the program exists and is open, the member exists and is
 * ACTIVE, the member is eligible, the member (or this child) holds no place yet, a place is left.
 * All of it runs under the program lock (program-lock.ts), so 100 requests racing for the last 10
 * places give exactly 10 enrollments, whichever processes they arrive at. One insert is the only
 * write: a refusal leaves the store as it was.
 */
export async function enroll(store: Store, request: EnrollRequest, now: string, pii?: PiiCipher): Promise<EnrollmentValue> {
  const { programId, memberId } = request;
  try {
    return await withProgramLock(store, programId, async (trx, row) => {
      if (!row) throw new HubError('NOT_FOUND', `no welfare program ${programId}`, { field: 'programId' });
      const program = toProgramValue(row);
      if (program.closed) throw new HubError('PROGRAM_CLOSED', `${program.name} (${programId}) is closed for enrollment`, { field: 'programId' });
      const child = childFor(program, request, pii);
      await checkMember(trx, program, memberId);
      const placeKey = child?.placeKey ?? '';
      const held = await trx.selectFrom('enrollments').select('id').where('program_id', '=', programId).where('member_id', '=', memberId)
        .where('place_key', '=', placeKey).where('status', 'in', [...PLACE_HOLDING]).executeTakeFirst();
      if (held) throw alreadyEnrolled(programId, memberId, child);
      const used = await trx.selectFrom('enrollments').select((eb) => eb.fn.countAll().as('n')).where('program_id', '=', programId).where('status', 'in', [...PLACE_HOLDING]).executeTakeFirst();
      if (program.places !== null && toCount(used?.n) >= program.places) {
        throw new HubError('NO_PLACES_LEFT', `all ${program.places} places of ${program.name} (${programId}) are taken`, { field: 'programId', places: program.places });
      }
      const inserted: EnrollmentRow = {
        id: `en-${randomUUID()}`, program_id: programId, member_id: memberId, status: 'ENROLLED', enrolled_at: now, cancelled_at: null,
        place_key: placeKey, child_given_name_enc: child?.givenNameEnc ?? null, child_given_name_masked: child?.givenNameMasked ?? null,
        child_birth_year: child?.birthYear ?? null,
      };
      await trx.insertInto('enrollments').values(inserted).execute();
      return toEnrollmentValue(inserted);
    });
  } catch (error) {
    // The lock makes this unreachable; the partial unique index is the backstop if it ever is not.
    if (isUniqueViolation(error, 'enrollments_holder_uq', 'enrollments.program_id')) throw alreadyEnrolled(programId, memberId, null);
    throw error;
  }
}

/** A camp takes children, every other program takes the member: the request must match. */
function childFor(program: ProgramValue, request: EnrollRequest, pii: PiiCipher | undefined): ChildRecord | null {
  if (program.kind === 'SUMMER_CAMP') {
    if (!request.child) throw new InputError('programId', 'CHILD_REQUIRED', `${program.id} is a children's camp: enroll the child with enrollChild`);
    return childRecord(pii, request.memberId, checkChild(request.child, program.year));
  }
  if (request.child) throw new InputError('programId', 'NOT_A_CAMP', `${program.id} is not a children's camp (${program.kind}): enroll the member with enroll`);
  return null;
}

/** Only an ACTIVE member who meets one of the program's rules can take a place. */
async function checkMember(trx: Kysely<HubTables>, program: ProgramValue, memberId: string): Promise<void> {
  const member = await memberFacts(trx, memberId);
  if (!member) throw new HubError('NOT_FOUND', `no member ${memberId}`, { field: 'memberId' });
  if (member.status !== 'ACTIVE') {
    throw new HubError('MEMBER_INACTIVE', `member ${memberId} is ${member.status}, not ACTIVE`, { field: 'memberId', status: member.status });
  }
  const verdict = checkEligibility(program.eligibility, member);
  if (!verdict.eligible) {
    const rule = verdict.failed.length > 0 ? verdict.failed.join(' | ') : 'NO_READABLE_RULE';
    throw new HubError('NOT_ELIGIBLE', `member ${memberId} is not eligible for ${program.name} (${program.id}): it is for ${program.eligibility.audience}, and none of ${rule} holds`, {
      field: 'memberId', rule, failedRules: verdict.failed, audience: program.eligibility.audience,
    });
  }
}

function alreadyEnrolled(programId: string, memberId: string, child: ChildRecord | null): HubError {
  const whom = child ? `a place for the child born ${child.birthYear} (${child.givenNameMasked})` : 'a place';
  return new HubError('ALREADY_ENROLLED', `member ${memberId} already holds ${whom} in ${programId}`, { field: child ? 'childGivenName' : 'memberId' });
}

/**
 * Gives the place back. Cancelling a cancelled enrollment changes nothing (a retried request must
 * not fail); a USED place cannot be given back. One conditional UPDATE, so a cancel racing another
 * cancel or a use cannot both win.
 */
export async function cancelEnrollment(store: Store, id: string, now: string): Promise<EnrollmentValue> {
  return store.db.transaction().execute(async (trx) => {
    await trx.updateTable('enrollments').set({ status: 'CANCELLED', cancelled_at: now }).where('id', '=', id).where('status', '=', 'ENROLLED').execute();
    const row = await trx.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HubError('NOT_FOUND', `no enrollment ${id}`, { field: 'id' });
    if (row.status === 'USED') throw new InputError('id', 'ALREADY_USED', `enrollment ${id} has been used and cannot be cancelled`);
    return toEnrollmentValue(row);
  });
}

/** Places held (ENROLLED or USED) across programs; for a city, by members of that city. */
export async function countPlacesUsed(store: Store, city: City | null): Promise<number> {
  const row = await store.db
    .selectFrom('enrollments')
    .$if(city !== null, (qb) => qb.innerJoin('members', 'members.id', 'enrollments.member_id').where('members.city', '=', city))
    .select((eb) => eb.fn.countAll().as('n'))
    .where('enrollments.status', 'in', [...PLACE_HOLDING])
    .executeTakeFirst();
  return toCount(row?.n);
}
