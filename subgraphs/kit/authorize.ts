import { hasPermission, reachesCity, ROLE_POLICIES, type Permission } from '../../core/auth/roles';
import { HubError } from '../../core/errors';
import type { City } from '../../schema/enums';
import type { SubgraphContext } from './context';

/**
 * The role table (core/auth/roles.ts) applied inside a subgraph. Every root resolver and every
 * `__resolveReference` calls these before it reads, so a path through an entity reference (a
 * Ningbo admin reaching a Shaoxing member through a union or a station) meets the same check as
 * the root query.
 *
 * A subgraph started without the gateway's key has no identity to check (`context.identity` is
 * null): that mode exists for tests that call one subgraph directly, and `hub start` never uses it.
 * There every read is allowed, and disclosure, which must name who asked, is still refused.
 */
export class AuthorizationError extends HubError {
  constructor(message: string, details: { permission?: Permission; city?: City | null }) {
    super('FORBIDDEN', message, details);
    this.name = 'AuthorizationError';
  }
}

/** Throws unless the caller's role holds `permission`; `what` names the thing asked for, for the message. */
export function requirePermission(ctx: SubgraphContext, permission: Permission, what: string): void {
  const identity = ctx.identity;
  if (!identity) return;
  if (!hasPermission(identity, permission)) {
    throw new AuthorizationError(`the role ${identity.role} may not read ${what} (needs ${permission})`, { permission });
  }
}

/**
 * Throws unless the caller may see a record that belongs to `city` (null: a province-level record).
 * Checks the permission first, so one call guards one record.
 */
export function requireRecord(ctx: SubgraphContext, permission: Permission, what: string, city: City | null | undefined): void {
  requirePermission(ctx, permission, what);
  const identity = ctx.identity;
  if (!identity || reachesCity(identity, city)) return;
  // The message does not say where the record is: a city admin probing ids elsewhere learns
  // nothing beyond "not yours" (unknown ids answer the same, see reachedRecord).
  throw new AuthorizationError(`${what} is outside the reach of a ${identity.role} of ${identity.city ?? 'no city'}`, { permission });
}

/**
 * A record loaded by id or by reference (null: not found), checked by its city; for null, the role
 * must still read such records, so an unknown id answers null only to those who could see it.
 */
export function reachedRecord<R extends { city: City | null }>(
  ctx: SubgraphContext, permission: Permission, names: { one: string; many: string }, record: R | null,
): R | null {
  if (record) requireRecord(ctx, permission, names.one, record.city);
  else requirePermission(ctx, permission, names.many);
  return record;
}

/**
 * The city a list or count is confined to: the one asked for, checked against the caller's reach,
 * or, when none was asked for, the city-scoped caller's own city (a city admin's "all" means its
 * city). null means every city.
 */
export function scopedCity(ctx: SubgraphContext, permission: Permission, what: string, requested: City | null | undefined): City | null {
  requirePermission(ctx, permission, what);
  const identity = ctx.identity;
  if (!identity || ROLE_POLICIES[identity.role].scope === 'PROVINCE') return requested ?? null;
  if (requested && requested !== identity.city) {
    throw new AuthorizationError(`${what} of ${requested} is outside the reach of a ${identity.role} of ${identity.city ?? 'no city'}`, {
      permission,
      city: requested,
    });
  }
  return identity.city;
}

/** Throws unless the caller may disclose personal data; returns who asked, for the audit row. */
export function requireDisclosure(ctx: SubgraphContext, what: string, city: City | null | undefined): NonNullable<SubgraphContext['identity']> {
  const identity = ctx.identity;
  if (!identity) {
    throw new AuthorizationError(`${what} is disclosed only to a verified caller through the gateway`, { permission: 'pii:disclose' });
  }
  requireRecord(ctx, 'pii:disclose', what, city);
  return identity;
}

/**
 * scopedCity for a filter that names several cities (`MemberFilter.cities`): the cities asked for,
 * each checked against the caller's reach, or the city-scoped caller's own city when none was
 * asked for. null means every city.
 */
export function scopedCities(ctx: SubgraphContext, permission: Permission, what: string, requested: readonly City[] | null | undefined): City[] | null {
  if (!requested || requested.length === 0) {
    const city = scopedCity(ctx, permission, what, null);
    return city ? [city] : null;
  }
  for (const city of requested) scopedCity(ctx, permission, what, city);
  return [...requested];
}

/**
 * Whether a record's city decides anything for this caller: false for a province-wide role and for
 * the test mode without identity, so resolvers skip reading the city where it cannot refuse.
 */
export function reachDependsOnCity(ctx: SubgraphContext): boolean {
  return ctx.identity !== null && ROLE_POLICIES[ctx.identity.role].scope === 'CITY';
}
