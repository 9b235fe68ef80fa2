import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { HubError, InputError } from '../../../core/errors';
import type { Occupation } from '../../../schema/enums';
import { DataIssue, OccupationEnum, pageRequest, type ConnectionValue, type DataIssueValue, type SubgraphContext } from '../../kit';
import { historyLoader, memberIssuesLoader, occupationsLoader, sourcesLoader } from '../store/member-details';
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
  /** Needed to find a member by ID number; without it `member(idNumber:)` says so. */
  pii?: BlindIndex | null;
}

type UnionStub = { id: string };
const unionStub = (id: string | null): UnionStub | null => (id ? { id } : null);

@Resolver(() => Member)
export class MemberResolver {
  constructor(private readonly options: MembershipOptions = {}) {}

  /**
   * By id, or by ID number through the blind index (the number itself is never stored): a resident
   * ID number written any way an upstream writes it, or a permit or passport number.
   */
  @Query(() => Member, { nullable: true })
  async member(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('idNumber', () => String, { nullable: true }) idNumber: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<MemberValue | null> {
    if (id && idNumber) throw new InputError('idNumber', 'ONE_OF', 'give id or idNumber, not both');
    if (id) return ctx.loaders.get(memberLoader).load(id);
    if (!idNumber) throw new InputError('id', 'REQUIRED', 'give id or idNumber');
    const keys = personKeysToLookUp(idNumber);
    const pii = this.options.pii;
    if (!pii) throw new HubError('CONFIG_INVALID', 'looking members up by ID number needs the PII key (HUB_PII_KEY)');
    // The same text the pipeline hashes (writers/members.ts personKeyOf): document type, then number.
    // Permits and passports: one key per document type it could be, the first found wins.
    const found = await ctx.loaders.get(memberByPersonKeyLoader).loadMany(keys.map((k) => pii.blindIndex(k)));
    const failed = found.find((m): m is Error => m instanceof Error);
    if (failed) throw failed;
    return (found as Array<MemberValue | null>).find((m) => m !== null) ?? null;
  }

  @Query(() => MemberConnection)
  members(
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<MemberValue>> {
    return membersPage(ctx.store, { ...filter }, pageRequest(first, after));
  }

  /**
   * Full disclosure of personal data needs a permission and a purpose and is audited (PIPL). The
   * permission model and the audit log belong to the security work, which is not done yet, so these
   * answer null for everyone: the field exists so clients can be written against the contract.
   */
  @FieldResolver(() => String, { nullable: true })
  idNumber(@Arg('purpose', () => String) _purpose: string): string | null {
    return null;
  }

  /** See idNumber: null until disclosure is implemented. */
  @FieldResolver(() => String, { nullable: true })
  mobile(@Arg('purpose', () => String) _purpose: string): string | null {
    return null;
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
  occupations(@Root() member: MemberValue, @Ctx() ctx: SubgraphContext): Promise<Occupation[]> {
    return ctx.loaders.get(occupationsLoader).load(member.id);
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
