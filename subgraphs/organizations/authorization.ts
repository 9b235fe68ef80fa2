import type { SubgraphContext } from '../kit';
import { reachedRecord } from '../kit/authorize';
import { enterpriseByCreditCodeLoader, enterpriseLoader, type EnterpriseValue } from './store/enterprises';
import { unionLoader, type UnionValue } from './store/unions';

/**
 * The role table on organizations' records. A record is checked after its (batched) load, because
 * its city decides: a Ningbo city admin gets FORBIDDEN on a Shaoxing or a province-level union,
 * whether asked by id, through a parent or an enterprise, or by another subgraph's reference.
 * An unknown id stays null for a role that may read such records at all. The error names no id:
 * a record found through a reference is one the caller was never told of.
 */
export function reachedUnion(ctx: SubgraphContext, union: UnionValue | null): UnionValue | null {
  return reachedRecord(ctx, 'organizations:read', { one: 'a union', many: 'unions' }, union);
}

export async function reachableUnion(ctx: SubgraphContext, id: string): Promise<UnionValue | null> {
  return reachedUnion(ctx, await ctx.loaders.get(unionLoader).load(id));
}

export function reachedEnterprise(ctx: SubgraphContext, enterprise: EnterpriseValue | null): EnterpriseValue | null {
  return reachedRecord(ctx, 'organizations:read', { one: 'an enterprise', many: 'enterprises' }, enterprise);
}

export async function reachableEnterprise(ctx: SubgraphContext, id: string): Promise<EnterpriseValue | null> {
  return reachedEnterprise(ctx, await ctx.loaders.get(enterpriseLoader).load(id));
}

export async function reachableEnterpriseByCreditCode(ctx: SubgraphContext, creditCode: string): Promise<EnterpriseValue | null> {
  return reachedEnterprise(ctx, await ctx.loaders.get(enterpriseByCreditCodeLoader).load(creditCode));
}
