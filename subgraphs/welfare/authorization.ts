import type { Permission } from '../../core/auth/roles';
import { cityOfDivision } from '../../core/division';
import type { City } from '../../schema/enums';
import type { SubgraphContext } from '../kit';
import { reachDependsOnCity, requirePermission, requireRecord } from '../kit/authorize';
import { enrollmentMember, memberCityLoader } from './store/member-cities';
import { programLoader } from './store/programs';

/**
 * Who may change welfare data (the role table, core/auth/roles.ts): roles with welfare:write
 * (PROVINCE_ADMIN; a CITY_ADMIN inside its city). Every welfare mutation calls authorizeWelfare
 * first, naming what it is about to do, before anything is written:
 * - enroll, enrollChild, setMemberWelfareAttributes: the member's city (members.city);
 * - cancelEnrollment: the city of the member whose place it is;
 * - createWelfareProgram, updateWelfareProgram: the organizer's city (a provincial program, or a
 *   city/county one moved to another city, needs a province-wide role).
 * The city is read only when it can refuse (a city-scoped caller).
 */
export type WelfareAction =
  | 'createWelfareProgram'
  | 'updateWelfareProgram'
  | 'setMemberWelfareAttributes'
  | 'enroll'
  | 'enrollChild'
  | 'cancelEnrollment';

export interface WelfareSubject {
  programId?: string;
  memberId?: string;
  enrollmentId?: string;
  /** The organizer division a program change asks for (create, or update moving the program). */
  organizerDivision?: string | null;
}

const WRITE: Permission = 'welfare:write';

export async function authorizeWelfare(ctx: SubgraphContext, action: WelfareAction, subject: WelfareSubject): Promise<void> {
  requirePermission(ctx, WRITE, `${action} (welfare changes)`);
  if (!reachDependsOnCity(ctx)) return;
  for (const [what, city] of await citiesConcerned(ctx, action, subject)) requireRecord(ctx, WRITE, what, city);
}

/** What the action touches, each with its city (null: the province; undefined: not found). */
async function citiesConcerned(ctx: SubgraphContext, action: WelfareAction, subject: WelfareSubject): Promise<Array<[string, City | null | undefined]>> {
  switch (action) {
    case 'enroll':
    case 'enrollChild':
    case 'setMemberWelfareAttributes':
      return [[`member ${subject.memberId}`, await memberCity(ctx, subject.memberId)]];
    case 'cancelEnrollment': {
      const memberId = subject.enrollmentId ? await enrollmentMember(ctx.store, subject.enrollmentId) : undefined;
      return [[`enrollment ${subject.enrollmentId}`, await memberCity(ctx, memberId)]];
    }
    case 'createWelfareProgram':
      return [[`a program organized in ${subject.organizerDivision ?? '330000'}`, cityOfDivision(subject.organizerDivision ?? '330000')]];
    case 'updateWelfareProgram': {
      const program = subject.programId ? await ctx.loaders.get(programLoader).load(subject.programId) : null;
      const concerned: Array<[string, City | null | undefined]> = [[`program ${subject.programId}`, program ? cityOfDivision(program.organizerDivision) : undefined]];
      if (subject.organizerDivision) concerned.push([`a program organized in ${subject.organizerDivision}`, cityOfDivision(subject.organizerDivision)]);
      return concerned;
    }
  }
}

async function memberCity(ctx: SubgraphContext, memberId: string | undefined): Promise<City | null | undefined> {
  return memberId ? ctx.loaders.get(memberCityLoader).load(memberId) : undefined;
}

/**
 * Reading a member's welfare (benefits, welfare attributes) needs welfare:read and, for a city
 * admin, the member's city. Loaded per batch, checked per member.
 */
export async function requireMemberWelfareReadable(ctx: SubgraphContext, memberId: string): Promise<void> {
  requirePermission(ctx, 'welfare:read', `the welfare of member ${memberId}`);
  if (!reachDependsOnCity(ctx)) return;
  requireRecord(ctx, 'welfare:read', `the welfare of member ${memberId}`, await ctx.loaders.get(memberCityLoader).load(memberId));
}

/**
 * The verified caller's subject when the gateway signed the request, else null (a subgraph run
 * without the gateway's key, in tests).
 */
export function principalOf(ctx: SubgraphContext): string | null {
  return ctx.identity?.subject ?? null;
}

/** Who a program change is recorded as made by: the verified caller, else the request id. */
export function changedBy(ctx: SubgraphContext): string {
  return principalOf(ctx) ?? `api:${ctx.requestId}`;
}
