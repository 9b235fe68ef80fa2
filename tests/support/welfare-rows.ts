import type { Insertable } from 'kysely';
import type { Store } from '../../core/store/database';
import type { ActivitiesTable, MembersTable, UnionsTable, WelfareProgramsTable } from '../../core/store/tables';

/**
 * Rows for the welfare tests, written straight into the store as ingest would have: members (the
 * membership view welfare reads), unions and activities (what welfare links to programs), and
 * programs with exactly the figures a test needs.
 */
const AT = '2025-06-01T00:00:00.000Z';
const V = 1_700_000_000_000;

export function memberRow(id: string, p: Partial<MembersTable> = {}): MembersTable {
  return {
    id, person_key: `pk-${id}`, id_type: 'RESIDENT_ID', id_number_enc: 'v1:x', id_number_masked: '330106********1234',
    name: id, name_pinyin: id.toLowerCase(), name_initials: id.toLowerCase(), gender: 'MALE', birth_date: '1990-01-01',
    mobile_enc: null, mobile_masked: '138****5678', city: 'HANGZHOU', union_id: 'U-HZ-1', employer_name: null,
    employer_credit_code: null, new_employment: 1, joined_on: '2024-01-01', join_year: 2024, join_channel: 'ONLINE',
    status: 'ACTIVE', updated_at: AT, ...p,
  };
}

/** `count` ACTIVE new-employment members `<prefix>001…`, in Hangzhou. */
export async function insertMembers(store: Store, prefix: string, count: number, p: Partial<MembersTable> = {}): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);
  for (let i = 0; i < ids.length; i += 200) {
    await store.db.insertInto('members').values(ids.slice(i, i + 200).map((id) => memberRow(id, p))).execute();
  }
  return ids;
}

export function programRow(id: string, p: Partial<Insertable<WelfareProgramsTable>> = {}): Insertable<WelfareProgramsTable> {
  return {
    id, name: id, kind: 'OTHER', year: 2025, funder: '测试', budget_yuan: null, places: null, standard_yuan_per_person: null,
    organizer_level: 'PROVINCE', organizer_division: '330000', eligibility: '{"audience":"全体会员","anyOf":["ANY_MEMBER"]}',
    closed: 0, created_at: AT, updated_at: AT, updated_by: 'test', ...p,
  };
}

/** Takes `memberIds.length` places directly, as earlier enrollments would have. */
export async function insertEnrollments(store: Store, programId: string, memberIds: readonly string[]): Promise<void> {
  for (let i = 0; i < memberIds.length; i += 200) {
    await store.db.insertInto('enrollments').values(memberIds.slice(i, i + 200).map((m) => ({
      id: `en-pre-${programId}-${m}`, program_id: programId, member_id: m, status: 'ENROLLED', enrolled_at: AT, cancelled_at: null,
    }))).execute();
  }
}

export function unionRow(id: string, divisionCode: string, city: string): UnionsTable {
  return {
    id, system: 'zhejiang-digital-union', source_id: id, name: id, credit_code: null, type: 'GRASSROOTS',
    division_code: divisionCode, city, parent_id: null, founded_on: '2020-01-01', last_election_on: null,
    dissolved: 0, deleted: 0, version: V, updated_at: AT,
  };
}

export function activityRow(id: string, unionId: string, kind: string, date: string, participants: number, p: Partial<ActivitiesTable> = {}): ActivitiesTable {
  return {
    id, system: 'zhejiang-digital-union', source_id: id, union_id: unionId, kind, date, participants,
    amount_yuan: null, deleted: 0, version: V, updated_at: AT, ...p,
  };
}

/** Rows in `enrollments` for a program, by status. */
export async function enrollmentsByStatus(store: Store, programId: string): Promise<Record<string, number>> {
  const rows = await store.db.selectFrom('enrollments').select((eb) => ['status', eb.fn.countAll().as('n')]).where('program_id', '=', programId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
