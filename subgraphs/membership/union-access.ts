import type { Permission } from '../../core/auth/roles';
import type { City } from '../../schema/enums';
import { reachDependsOnCity, requirePermission, requireRecord } from '../kit/authorize';
import type { SubgraphContext } from '../kit';
import { unionCityLoader } from './store/union-cities';

/**
 * Membership serves a union's member counts and members; a city admin gets them only for a union
 * of its city. The union's city is read only when it can refuse (a city-scoped caller).
 */
export async function requireUnionInReach(ctx: SubgraphContext, unionId: string, permission: Permission, what: string): Promise<void> {
  requirePermission(ctx, permission, what);
  if (!reachDependsOnCity(ctx)) return;
  const city = await ctx.loaders.get(unionCityLoader).load(unionId);
  requireRecord(ctx, permission, `${what} of union ${unionId}`, city);
}

/**
 * The member city a caller sees of a union's members: a city admin's own (member reach is the
 * member's city, member-access.ts, which may differ from the union's), null for every city.
 */
export function memberCityInReach(ctx: SubgraphContext): City | null {
  const identity = ctx.identity;
  return identity && reachDependsOnCity(ctx) ? identity.city : null;
}
