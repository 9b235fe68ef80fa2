import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import type { HubTables, MembersTable } from '../../../core/store/tables';
import type { City, Gender, IdType, JoinChannel, MemberStatus, Occupation } from '../../../schema/enums';
import { containsPattern, defineLoader, isTrue, likeEscaped, oneByKey, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';
import { nameKey } from '../name-key';
import { occupationMask, occupationsOfMask } from '../occupation-mask';

/**
 * The derived members table (one row per person). Personal data stays encrypted in the row and
 * never leaves this module: a MemberValue carries only what the API shows by default.
 */
export interface MemberValue {
  id: string;
  personKey: string;
  name: string;
  idType: IdType;
  idNumberMasked: string;
  gender: Gender | null;
  birthDate: string | null;
  mobileMasked: string | null;
  city: City | null;
  unionId: string | null;
  employerCreditCode: string | null;
  newEmploymentForm: boolean;
  /** From the row's occupation bits, in the enum's order. */
  occupations: Occupation[];
  joinedOn: string | null;
  joinChannel: JoinChannel | null;
  status: MemberStatus;
}

export interface MemberQuery {
  cities?: readonly City[] | null;
  occupations?: readonly Occupation[] | null;
  newEmploymentOnly?: boolean | null;
  status?: MemberStatus | null;
  unionId?: string | null;
  joinedFrom?: string | null;
  joinedTo?: string | null;
  nameContains?: string | null;
}

export function toMemberValue(row: MembersTable): MemberValue {
  return {
    id: row.id,
    personKey: row.person_key,
    name: row.name,
    idType: row.id_type as IdType,
    idNumberMasked: row.id_number_masked,
    gender: row.gender as Gender | null,
    birthDate: row.birth_date,
    mobileMasked: row.mobile_masked,
    city: row.city as City | null,
    unionId: row.union_id,
    employerCreditCode: row.employer_credit_code,
    newEmploymentForm: isTrue(row.new_employment),
    occupations: occupationsOfMask(Number(row.occupation_mask)),
    joinedOn: row.joined_on,
    joinChannel: row.join_channel as JoinChannel | null,
    status: row.status as MemberStatus,
  };
}

/** Longer than any person's name in any script, pinyin included. */
export const MAX_NAME_SEARCH = 64;

/** Rejects a filter that can only ever be empty because of a typo, rather than answering "none". */
export function validateMemberQuery(q: MemberQuery): void {
  if (q.joinedFrom && q.joinedTo && q.joinedFrom > q.joinedTo) {
    throw new InputError('filter.joinedTo', 'RANGE', `joinedTo (${q.joinedTo}) is before joinedFrom (${q.joinedFrom})`);
  }
  if (q.nameContains && [...q.nameContains].length > MAX_NAME_SEARCH) {
    throw new InputError('filter.nameContains', 'MAX_LENGTH', `nameContains must be at most ${MAX_NAME_SEARCH} characters, got ${[...q.nameContains].length}`);
  }
  if (q.unionId !== null && q.unionId !== undefined && q.unionId.trim() === '') {
    throw new InputError('filter.unionId', 'REQUIRED', 'unionId must be a union id (leave it out to mean any union)');
  }
}

/**
 * Pinyin as pinyinOf stores it: lower case, no spaces or apostrophes, ü written v. Null when the
 * text is not Latin letters (then only the Chinese name is searched).
 */
export function pinyinSearchText(text: string): string | null {
  const latin = text.normalize('NFKC').toLowerCase().replace(/[\s']/g, '').replace(/ü/g, 'v');
  return /^[a-z]+$/.test(latin) ? latin : null;
}

type MembersEb = ExpressionBuilder<HubTables, 'members'>;

/**
 * A name matches as written, by its comparison form (traditional or simplified, with or without
 * the middle dot: name_key), by full pinyin or by pinyin initials.
 */
function nameCondition(eb: MembersEb, text: string): Expression<SqlBool> {
  const raw = text.normalize('NFKC').trim();
  const options: Array<Expression<SqlBool>> = [likeEscaped(eb.ref('members.name'), containsPattern(raw))];
  const key = nameKey(raw);
  if (key !== '') options.push(likeEscaped(eb.ref('members.name_key'), containsPattern(key)));
  const pinyin = pinyinSearchText(raw);
  if (pinyin) {
    options.push(likeEscaped(eb.ref('members.name_pinyin'), containsPattern(pinyin)));
    options.push(likeEscaped(eb.ref('members.name_initials'), containsPattern(pinyin)));
  }
  return eb.or(options);
}

export function memberWhere(eb: MembersEb, q: MemberQuery): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [];
  if (q.cities?.length) conditions.push(eb('members.city', 'in', [...q.cities]));
  if (q.occupations?.length) {
    // Any of the tags: the member's bits and the asked ones share at least one.
    conditions.push(sql<SqlBool>`(${eb.ref('members.occupation_mask')} & ${occupationMask(q.occupations)}) <> 0`);
  }
  if (q.newEmploymentOnly) conditions.push(eb('members.new_employment', '=', 1));
  if (q.status) conditions.push(eb('members.status', '=', q.status));
  if (q.unionId) conditions.push(eb('members.union_id', '=', q.unionId));
  if (q.joinedFrom) conditions.push(eb('members.joined_on', '>=', q.joinedFrom));
  if (q.joinedTo) conditions.push(eb('members.joined_on', '<=', q.joinedTo));
  if (q.nameContains && q.nameContains.trim() !== '') conditions.push(nameCondition(eb, q.nameContains));
  return eb.and(conditions);
}

export async function membersPage(store: Store, q: MemberQuery, page: PageRequest): Promise<ConnectionValue<MemberValue>> {
  validateMemberQuery(q);
  const rows = await store.db
    .selectFrom('members')
    .selectAll()
    .where((eb) => memberWhere(eb, q))
    .$if(page.afterKey !== null, (qb) => qb.where('members.id', '>', page.afterKey as string))
    .orderBy('members.id')
    .limit(page.first + 1)
    .execute();
  const count = async () => {
    const row = await store.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => memberWhere(eb, q))
      .executeTakeFirst();
    return toCount(row?.n);
  };
  return toConnection(rows.map(toMemberValue), page, (m) => m.id, count);
}

export const memberLoader = defineLoader<string, MemberValue | null>('memberById', async (store, ids) => {
  const rows = await store.db.selectFrom('members').selectAll().where('id', 'in', [...ids]).execute();
  return oneByKey(ids, rows.map(toMemberValue), (m) => m.id);
});

/** Members by person key (the blind index of the document), batched: aliases of member(idNumber:) cost one query. */
export const memberByPersonKeyLoader = defineLoader<string, MemberValue | null>('memberByPersonKey', async (store, keys) => {
  const rows = await store.db.selectFrom('members').selectAll().where('person_key', 'in', [...keys]).execute();
  return oneByKey(keys, rows.map(toMemberValue), (m) => m.personKey);
});
