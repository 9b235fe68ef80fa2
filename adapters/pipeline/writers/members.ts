import type { DataIssueDraft, MemberRecord } from '../../../schema/model';
import type { Gender, MemberStatus, Occupation } from '../../../schema/enums';
import type { MemberSourcesTable } from '../../../core/store/tables';
import { maskIdNumber, parseResidentId } from '../../../core/identity/resident-id';
import { maskMobile } from '../../../core/identity/mobile';
import { pinyinOf } from '../../../core/identity/person-name';
import { history, survive, type SourceView } from '../../../subgraphs/membership/survivorship';
import type { ApplyContext, ApplyOutcome } from '../apply-context';
import { appendChangeLog } from './change-log';
import { replaceRecordIssues } from './data-issues';

/**
 * Member sources and the real-name member view (实名制). Each upstream record is kept as a source
 * row; the member is recomputed from all of a person's sources before the transaction commits.
 */
export function personKeyOf(ctx: ApplyContext, idType: string, idNumber: string): string {
  return ctx.pii.blindIndex(`${idType}:${idNumber}`);
}

async function existingSource(ctx: ApplyContext, system: string, sourceId: string) {
  return ctx.trx
    .selectFrom('member_sources')
    .select(['version', 'person_key', 'deleted'])
    .where('system', '=', system)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/** A member's city, when the upstream record has none, is its union's city. */
async function cityOfUnion(ctx: ApplyContext, unionId: string | null): Promise<string | null> {
  if (!unionId) return null;
  const row = await ctx.trx.selectFrom('unions').select('city').where('id', '=', unionId).executeTakeFirst();
  return row?.city ?? null;
}

export async function applyMemberUpsert(ctx: ApplyContext, r: MemberRecord, issues: DataIssueDraft[]): Promise<ApplyOutcome> {
  const existing = await existingSource(ctx, r.system, r.sourceId);
  if (existing && Number(existing.version) >= r.version) return 'unchanged';
  const personKey = personKeyOf(ctx, r.idType, r.idNumber);
  const row: MemberSourcesTable = {
    system: r.system,
    source_id: r.sourceId,
    person_key: personKey,
    id_type: r.idType,
    id_number_enc: ctx.pii.encrypt(r.idNumber),
    name: r.name,
    gender: r.gender,
    birth_date: r.birthDate,
    mobile_enc: r.mobile ? ctx.pii.encrypt(r.mobile) : null,
    union_id: r.unionSourceId,
    city: r.city ?? (await cityOfUnion(ctx, r.unionSourceId)),
    joined_on: r.joinedOn,
    join_channel: r.joinChannel,
    occupations: JSON.stringify(r.occupations),
    employer_name: r.employerName,
    employer_credit_code: r.employerCreditCode,
    status: r.status,
    deleted: 0,
    version: r.version,
    updated_at: new Date(r.version).toISOString(),
  };
  const { system: _s, source_id: _id, ...rest } = row;
  await ctx.trx
    .insertInto('member_sources')
    .values(row)
    .onConflict((oc) => oc.columns(['system', 'source_id']).doUpdateSet(rest))
    .execute();
  if (existing && existing.person_key !== personKey) ctx.touchedPersons.add(existing.person_key);
  ctx.touchedPersons.add(personKey);
  await replaceRecordIssues(ctx, { entity: 'member', entityId: r.sourceId, system: r.system, sourceId: r.sourceId }, issues);
  await appendChangeLog(ctx, {
    entity: 'member', entityId: r.sourceId, system: r.system, op: 'UPSERT', version: r.version,
    unionId: r.unionSourceId, occurredOn: new Date(r.version).toISOString().slice(0, 10),
  });
  return 'applied';
}

export async function applyMemberDelete(ctx: ApplyContext, system: string, sourceId: string, version: number): Promise<ApplyOutcome> {
  const existing = await existingSource(ctx, system, sourceId);
  if (existing && Number(existing.version) >= version) return 'unchanged';
  if (!existing) {
    // Nothing to delete yet: keep a tombstone so an older upsert arriving later stays out. It has
    // no person, so it never joins a member.
    await ctx.trx.insertInto('member_sources').values({
      system, source_id: sourceId, person_key: '', id_type: '', id_number_enc: '', name: '', gender: null, birth_date: null,
      mobile_enc: null, union_id: null, city: null, joined_on: null, join_channel: null, occupations: '[]',
      employer_name: null, employer_credit_code: null, status: 'LEFT', deleted: 1, version, updated_at: new Date(version).toISOString(),
    }).execute();
  } else {
    await ctx.trx.updateTable('member_sources').set({ deleted: 1, version, updated_at: new Date(version).toISOString() })
      .where('system', '=', system).where('source_id', '=', sourceId).execute();
    ctx.touchedPersons.add(existing.person_key);
  }
  await appendChangeLog(ctx, { entity: 'member', entityId: sourceId, system, op: 'DELETE', version, unionId: null, occurredOn: null });
  return 'applied';
}

function toView(row: MemberSourcesTable, decrypt: (t: string) => string): SourceView {
  return {
    system: row.system,
    sourceId: row.source_id,
    name: row.name,
    gender: row.gender as Gender | null,
    birthDate: row.birth_date,
    mobile: row.mobile_enc ? decrypt(row.mobile_enc) : null,
    unionId: row.union_id,
    city: row.city,
    joinedOn: row.joined_on,
    joinChannel: row.join_channel,
    occupations: JSON.parse(row.occupations) as Occupation[],
    employerName: row.employer_name,
    employerCreditCode: row.employer_credit_code,
    status: row.status as MemberStatus,
    version: Number(row.version),
  };
}

/** Rebuilds one person's member row, occupations, history and member-level issues. */
export async function recomputePerson(ctx: ApplyContext, personKey: string): Promise<void> {
  const rows = await ctx.trx.selectFrom('member_sources').selectAll()
    .where('person_key', '=', personKey).where('deleted', '=', 0).execute();
  const memberId = ctx.pii.opaqueId('M', personKey);
  await clearMember(ctx, memberId);
  if (rows.length === 0) return;
  const sources = rows.map((r) => toView(r, (t) => ctx.pii.decrypt(t)));
  const newest = [...rows].sort((a, b) => Number(b.version) - Number(a.version))[0];
  const idNumber = ctx.pii.decrypt(newest.id_number_enc);
  const parsed = newest.id_type === 'RESIDENT_ID' ? parseResidentId(idNumber) : null;
  const idFacts = parsed?.ok ? { gender: parsed.gender, birthDate: parsed.birthDate } : { gender: null, birthDate: null };
  const { member, issues } = survive(sources, idFacts);
  const { full, initials } = pinyinOf(member.name);
  await ctx.trx.insertInto('members').values({
    id: memberId,
    person_key: personKey,
    id_type: newest.id_type,
    id_number_enc: newest.id_number_enc,
    id_number_masked: maskIdNumber(idNumber),
    name: member.name,
    name_pinyin: full,
    name_initials: initials,
    gender: member.gender,
    birth_date: member.birthDate,
    mobile_enc: member.mobile ? ctx.pii.encrypt(member.mobile) : null,
    mobile_masked: member.mobile ? maskMobile(member.mobile) : null,
    city: member.city,
    union_id: member.unionId,
    employer_name: member.employerName,
    employer_credit_code: member.employerCreditCode,
    new_employment: member.occupations.length > 0 ? 1 : 0,
    joined_on: member.joinedOn,
    join_year: member.joinedOn ? Number(member.joinedOn.slice(0, 4)) : null,
    join_channel: member.joinChannel,
    status: member.status,
    updated_at: member.updatedAt,
  }).execute();
  if (member.occupations.length > 0) {
    await ctx.trx.insertInto('member_occupations')
      .values(member.occupations.map((occupation) => ({ member_id: memberId, occupation })))
      .execute();
  }
  const events = history(sources);
  if (events.length > 0) {
    await ctx.trx.insertInto('member_events')
      .values(events.map((e) => ({ member_id: memberId, kind: e.kind, at: e.at, system: e.system, source_id: e.sourceId, union_id: e.unionId })))
      .execute();
  }
  for (const issue of issues) {
    await ctx.trx.insertInto('data_issues').values({
      code: issue.code, severity: 'WARNING', message: issue.message, system: '', source_id: memberId, field: '',
      entity_type: 'member', entity_id: memberId, detected_at: ctx.now,
    }).execute();
  }
}

/** Member-level rows are derived: drop them and write them again from the sources. */
async function clearMember(ctx: ApplyContext, memberId: string): Promise<void> {
  await ctx.trx.deleteFrom('members').where('id', '=', memberId).execute();
  await ctx.trx.deleteFrom('member_occupations').where('member_id', '=', memberId).execute();
  await ctx.trx.deleteFrom('member_events').where('member_id', '=', memberId).execute();
  await ctx.trx.deleteFrom('data_issues').where('entity_type', '=', 'member').where('entity_id', '=', memberId).where('system', '=', '').execute();
}
