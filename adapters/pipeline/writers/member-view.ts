import type { Gender, MemberStatus, Occupation } from '../../../schema/enums';
import type { MemberSourcesTable, MembersTable } from '../../../core/store/tables';
import { maskIdNumber, parseResidentId } from '../../../core/identity/resident-id';
import { maskMobile } from '../../../core/identity/mobile';
import { history, survive, type SourceView } from '../../../subgraphs/membership/survivorship';
import { occupationMask } from '../../../subgraphs/membership/occupation-mask';
import { opened, type ApplyContext } from '../apply-context';
import { chunk, insertMany, selectInChunks, keyIn } from '../bulk';
import { cachedPinyin } from './pinyin-cache';

/**
 * The real-name member view (实名制): for each touched person, the member row (occupation tags
 * as bits in it, occupation-mask.ts), history and member-level data issues are derived again
 * from all of the person's sources (survivorship, subgraphs/membership/survivorship.ts). Derived
 * rows are deleted and rewritten, a few statements per batch whatever its size.
 */
export async function recomputePersons(ctx: ApplyContext, personKeys: Iterable<string>): Promise<void> {
  const keys = [...personKeys].filter((k) => k !== '');
  if (keys.length === 0) return;
  const sources = await selectInChunks(keys, (part) =>
    ctx.trx.selectFrom('member_sources').selectAll().where(keyIn(ctx.trx, 'person_key', part)).where('deleted', '=', 0).execute());
  const byPerson = new Map<string, MemberSourcesTable[]>();
  for (const s of sources) byPerson.set(s.person_key, [...(byPerson.get(s.person_key) ?? []), s]);
  // One keyed hash per person: the id is needed for the deletes and again for the rows.
  const memberIdOf = new Map(keys.map((k) => [k, ctx.pii.opaqueId('M', k)]));
  await clearDerived(ctx, [...memberIdOf.values()]);
  const members: MembersTable[] = [];
  const events: Array<Record<string, unknown>> = [];
  const issues: Array<Record<string, unknown>> = [];
  for (const [personKey, rows] of byPerson) {
    const derived = derive(ctx, memberIdOf.get(personKey) ?? ctx.pii.opaqueId('M', personKey), personKey, rows);
    members.push(derived.member);
    events.push(...derived.events);
    issues.push(...derived.issues);
  }
  await insertMany(ctx.trx, 'members', members);
  await insertMany(ctx.trx, 'member_events', events, { ignoreConflicts: true });
  await insertMany(ctx.trx, 'data_issues', issues, { ignoreConflicts: true });
}

/**
 * Deletes the derived rows of the members that have a view already. A person seen for the first
 * time (most of them, in a first sync) has none: one indexed read of the member ids then replaces
 * three deletes per person. Derived rows never outlive their member row (all are written and
 * cleared together here), so a missing member row means nothing to delete.
 */
async function clearDerived(ctx: ApplyContext, memberIds: string[]): Promise<void> {
  const existing = await selectInChunks(memberIds, (part) =>
    ctx.trx.selectFrom('members').select('id').where(keyIn(ctx.trx, 'id', part)).execute());
  for (const part of chunk(existing.map((m) => m.id), 5_000)) {
    await ctx.trx.deleteFrom('members').where(keyIn(ctx.trx, 'id', part)).execute();
    await ctx.trx.deleteFrom('member_events').where(keyIn(ctx.trx, 'member_id', part)).execute();
    await ctx.trx.deleteFrom('data_issues').where('entity_type', '=', 'member').where('system', '=', '').where(keyIn(ctx.trx, 'entity_id', part)).execute();
  }
}

function toView(row: MemberSourcesTable, ctx: ApplyContext): SourceView {
  return {
    system: row.system,
    sourceId: row.source_id,
    name: row.name,
    gender: row.gender as Gender | null,
    birthDate: row.birth_date,
    mobile: row.mobile_enc ? opened(ctx, row.mobile_enc) : null,
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

function derive(ctx: ApplyContext, memberId: string, personKey: string, rows: MemberSourcesTable[]) {
  const sources = rows.map((r) => toView(r, ctx));
  const newest = rows.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
  const idNumber = opened(ctx, newest.id_number_enc);
  const parsed = newest.id_type === 'RESIDENT_ID' ? parseResidentId(idNumber) : null;
  const idFacts = parsed?.ok ? { gender: parsed.gender, birthDate: parsed.birthDate } : { gender: null, birthDate: null };
  const { member, issues } = survive(sources, idFacts);
  const { full, initials } = cachedPinyin(member.name);
  const row: MembersTable = {
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
    // The surviving mobile is one of the sources' own: reuse its ciphertext rather than encrypt again.
    mobile_enc: member.mobile ? rows[sources.findIndex((s) => s.mobile === member.mobile)].mobile_enc : null,
    mobile_masked: member.mobile ? maskMobile(member.mobile) : null,
    city: member.city,
    union_id: member.unionId,
    employer_name: member.employerName,
    employer_credit_code: member.employerCreditCode,
    new_employment: member.occupations.length > 0 ? 1 : 0,
    occupation_mask: occupationMask(member.occupations),
    joined_on: member.joinedOn,
    join_year: member.joinedOn ? Number(member.joinedOn.slice(0, 4)) : null,
    join_channel: member.joinChannel,
    status: member.status,
    updated_at: member.updatedAt,
  };
  return {
    member: row,
    events: history(sources).map((e) => ({ member_id: memberId, kind: e.kind, at: e.at, system: e.system, source_id: e.sourceId, union_id: e.unionId })),
    issues: issues.map((i) => ({
      code: i.code, severity: 'WARNING', message: i.message, system: '', source_id: memberId, field: '',
      entity_type: 'member', entity_id: memberId, detected_at: ctx.now,
    })),
  };
}
