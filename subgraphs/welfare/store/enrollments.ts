import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { HubError, InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import type { EnrollmentsTable, HubTables } from '../../../core/store/tables';
import type { City, EnrollmentStatus } from '../../../schema/enums';
import { defineLoader, manyByKey, toCount } from '../../kit';
import { PLACE_HOLDING } from './programs';

export interface EnrollmentValue {
  id: string;
  programId: string;
  memberId: string;
  status: EnrollmentStatus;
  enrolledAt: string;
}

function toEnrollmentValue(row: EnrollmentsTable): EnrollmentValue {
  return { id: row.id, programId: row.program_id, memberId: row.member_id, status: row.status as EnrollmentStatus, enrolledAt: row.enrolled_at };
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

/**
 * Enrolls a member, checking every rule and inserting in one transaction. The transaction first
 * touches the program row: that takes the program's row lock on PostgreSQL and the write lock on
 * SQLite before anything is read, so two enrollments racing for the last place are serialized and
 * the loser sees NO_PLACES_LEFT instead of overbooking the program.
 */
export async function enroll(store: Store, programId: string, memberId: string, now: string): Promise<EnrollmentValue> {
  return store.db.transaction().execute(async (trx) => {
    const touched = await trx.updateTable('welfare_programs').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', programId).executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 0) throw new HubError('NOT_FOUND', `no welfare program ${programId}`, { field: 'programId' });
    const program = await trx.selectFrom('welfare_programs').select(['closed', 'places', 'name']).where('id', '=', programId).executeTakeFirstOrThrow();
    if (Number(program.closed) === 1) throw new HubError('PROGRAM_CLOSED', `${program.name} (${programId}) is closed for enrollment`, { field: 'programId' });
    await checkMember(trx, memberId);
    const holding = await trx
      .selectFrom('enrollments')
      .select(['member_id'])
      .where('program_id', '=', programId)
      .where('status', 'in', [...PLACE_HOLDING])
      .execute();
    if (holding.some((e) => e.member_id === memberId)) {
      throw new HubError('ALREADY_ENROLLED', `member ${memberId} already holds a place in ${programId}`, { field: 'memberId' });
    }
    if (program.places !== null && holding.length >= Number(program.places)) {
      throw new HubError('NO_PLACES_LEFT', `all ${program.places} places of ${program.name} (${programId}) are taken`, { field: 'programId' });
    }
    const row: EnrollmentsTable = { id: `en-${randomUUID()}`, program_id: programId, member_id: memberId, status: 'ENROLLED', enrolled_at: now, cancelled_at: null };
    await trx.insertInto('enrollments').values(row).execute();
    return toEnrollmentValue(row);
  });
}

/** Only an ACTIVE member (welfare reads membership's members table) can take a place. */
async function checkMember(trx: Kysely<HubTables>, memberId: string): Promise<void> {
  const member = await trx.selectFrom('members').select('status').where('id', '=', memberId).executeTakeFirst();
  if (!member) throw new HubError('NOT_FOUND', `no member ${memberId}`, { field: 'memberId' });
  if (member.status !== 'ACTIVE') {
    throw new HubError('MEMBER_INACTIVE', `member ${memberId} is ${member.status}, not ACTIVE`, { field: 'memberId', status: member.status });
  }
}

/**
 * Gives the place back. Cancelling a cancelled enrollment changes nothing (a retried request must
 * not fail); a USED place cannot be given back.
 */
export async function cancelEnrollment(store: Store, id: string, now: string): Promise<EnrollmentValue> {
  return store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HubError('NOT_FOUND', `no enrollment ${id}`, { field: 'id' });
    if (row.status === 'CANCELLED') return toEnrollmentValue(row);
    if (row.status === 'USED') throw new InputError('id', 'ALREADY_USED', `enrollment ${id} has been used and cannot be cancelled`);
    await trx.updateTable('enrollments').set({ status: 'CANCELLED', cancelled_at: now }).where('id', '=', id).execute();
    return toEnrollmentValue({ ...row, status: 'CANCELLED', cancelled_at: now });
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
