import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { HubError, InputError } from '../../../core/errors';
import type { Occupation } from '../../../schema/enums';
import { DataIssue, OccupationEnum, pageRequest, type ConnectionValue, type DataIssueValue, type SubgraphContext } from '../../kit';
import { scopedCities } from '../../kit/authorize';
import { disclose, type PiiDecrypter } from '../disclosure';
import { readableOrNull, requireMembersPermission } from '../member-access';
import { historyLoader, memberIssuesLoader, sourcesLoader } from '../store/member-details';
import { memberByPersonKeyLoader, memberLoader, membersPage, type MemberValue } from '../store/members';
import { personKeysToLookUp } from '../identity-document';
import { Enterprise } from '../schema/enterprise';
import { Member } from '../schema/member';
import { MemberConnection } from '../schema/member-connection';
import { MemberFilter } from '../schema/member-filter';
import { MemberSource } from '../schema/member-source';
import { MembershipEvent } from '../schema/membership-event';
import { Union } from '../schema/union';

/** The keyed hash the pipeline files people under (core/pii.ts PiiCipher.blindIndex). */
export interface BlindIndex {
  blindIndex(value: string): string;
}

export interface MembershipOptions {
  /**
   * The PII cipher (core/pii.ts): its blind index finds a member by ID number, its decryption
   * serves disclosure. Without it `member(idNumber:)` and `idNumber(purpose:)` say so.
   */
  pii?: (BlindIndex & PiiDecrypter) | null;
}

type UnionStub = { id: string };
const unionStub = (id: string | null): UnionStub | null => (id ? { id } : null);

@Resolver(() => Member)
export class MemberResolver {
  constructor(private readonly options: MembershipOptions = {}) {}

  /**
   * By id, or by ID number through the blind index (the number itself is never stored): a resident
   * ID number written any way an upstream writes it, or a permit or passport number. A member
   * outside a city admin's city is refused (FORBIDDEN), not hidden.
   */
  @Query(() => Member, { nullable: true })
  async member(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('idNumber', () => String, { nullable: true }) idNumber: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<MemberValue | null> {
    if (id && idNumber) throw new InputError('idNumber', 'ONE_OF', 'give id or idNumber, not both');
    requireMembersPermission(ctx);
    if (id) return readableOrNull(ctx, await ctx.loaders.get(memberLoader).load(id));
    if (!idNumber) throw new InputError('id', 'REQUIRED', 'give id or idNumber');
    const keys = personKeysToLookUp(idNumber);
    const pii = this.options.pii;
    if (!pii) throw new HubError('CONFIG_INVALID', 'looking members up by ID number needs the PII key (HUB_PII_KEY)');
    // The same text the pipeline hashes (writers/members.ts personKeyOf): document type, then number.
    // Permits and passports: one key per document type it could be, the first found wins.
    const found = await ctx.loaders.get(memberByPersonKeyLoader).loadMany(keys.map((k) => pii.blindIndex(k)));
    const failed = found.find((m): m is Error => m instanceof Error);
    if (failed) throw failed;
    return readableOrNull(ctx, (found as Array<MemberValue | null>).find((m) => m !== null) ?? null);
  }

  /** A city admin's list holds its city only; asking for another city is FORBIDDEN. */
  @Query(() => MemberConnection)
  members(
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<MemberValue>> {
    const cities = scopedCities(ctx, 'members:read', 'members', filter?.cities);
    return membersPage(ctx.store, { ...filter, cities }, pageRequest(first, after));
  }

  /**
   * The full number, for a role allowed to disclose within its city, with a purpose; each answer
   * is audited (disclosure.ts). Errors: FORBIDDEN, BAD_USER_INPUT (field `purpose`).
   */
  @FieldResolver(() => String, { nullable: true })
  idNumber(@Root() member: MemberValue, @Arg('purpose', () => String) purpose: string, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return disclose(ctx, this.options.pii, member, 'ID_NUMBER', purpose);
  }

  /** See idNumber; null when no mobile is on file (then nothing is audited). */
  @FieldResolver(() => String, { nullable: true })
  mobile(@Root() member: MemberValue, @Arg('purpose', () => String) purpose: string, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return disclose(ctx, this.options.pii, member, 'MOBILE', purpose);
  }

  @FieldResolver(() => Union, { nullable: true })
  union(@Root() member: MemberValue): UnionStub | null {
    return unionStub(member.unionId);
  }

  /** Organizations resolves the employer by credit code (Enterprise's second key). */
  @FieldResolver(() => Enterprise, { nullable: true })
  employer(@Root() member: MemberValue): { creditCode: string } | null {
    return member.employerCreditCode ? { creditCode: member.employerCreditCode } : null;
  }

  @FieldResolver(() => [OccupationEnum])
  occupations(@Root() member: MemberValue): Occupation[] {
    return member.occupations;
  }

  @FieldResolver(() => [MemberSource])
  async sources(@Root() member: MemberValue, @Ctx() ctx: SubgraphContext) {
    const sources = await ctx.loaders.get(sourcesLoader).load(member.personKey);
    return sources.map((s) => ({ ...s, union: unionStub(s.unionId) }));
  }

  @FieldResolver(() => [MembershipEvent])
  async history(@Root() member: MemberValue, @Ctx() ctx: SubgraphContext) {
    const events = await ctx.loaders.get(historyLoader).load(member.id);
    return events.map((e) => ({ ...e, union: unionStub(e.unionId) }));
  }

  @FieldResolver(() => [DataIssue])
  dataIssues(@Root() member: MemberValue, @Ctx() ctx: SubgraphContext): Promise<DataIssueValue[]> {
    return ctx.loaders.get(memberIssuesLoader).load(member.id);
  }
}
