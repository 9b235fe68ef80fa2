import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Division, divisionOf, pageRequest, type ConnectionValue, type DivisionValue, type SubgraphContext } from '../../kit';
import { requirePermission, scopedCities } from '../../kit/authorize';
import { reachableUnion, reachedUnion } from '../authorization';
import { unionHealthLoader, type UnionHealthValue } from '../store/monitoring';
import { naturalParentDivision } from '../store/union-tree';
import { federationByDivisionLoader, unionLoader, unionsPage, type UnionQuery, type UnionValue } from '../store/unions';
import { Union } from '../schema/union';
import { UnionConnection } from '../schema/union-connection';
import { UnionFilter } from '../schema/union-filter';
import { UnionHealth } from '../schema/union-health';

@Resolver(() => Union)
export class UnionResolver {
  @Query(() => Union, { nullable: true })
  union(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<UnionValue | null> {
    return reachableUnion(ctx, id);
  }

  @Query(() => UnionConnection)
  async unions(
    @Arg('filter', () => UnionFilter, { nullable: true }) filter: UnionFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<UnionValue>> {
    const page = pageRequest(first, after);
    const query: UnionQuery = { ...filter, cities: scopedCities(ctx, 'organizations:read', 'unions', filter?.cities) };
    if (filter?.parentId) {
      // The parent only selects; what is returned is confined by `cities` above.
      const parent = await ctx.loaders.get(unionLoader).load(filter.parentId);
      query.unlinkedUnder = parent ? await adoptedDivision(parent, ctx) : null;
    }
    return unionsPage(ctx.store, query, page);
  }

  @FieldResolver(() => Division)
  division(@Root() union: UnionValue): DivisionValue {
    return divisionOf(union.divisionCode, union.city);
  }

  /**
   * The linked parent, whichever system it comes from; a union with no link hangs under the
   * federation of the division above it (union-tree.ts), because upstreams leave the top of
   * their own tree unlinked.
   */
  @FieldResolver(() => Union, { nullable: true })
  async parent(@Root() union: UnionValue, @Ctx() ctx: SubgraphContext): Promise<UnionValue | null> {
    if (union.parentId) return reachableUnion(ctx, union.parentId);
    const division = naturalParentDivision(union);
    if (division === null) return null;
    const federation = await ctx.loaders.get(federationByDivisionLoader).load(division);
    return federation && federation.id !== union.id ? reachedUnion(ctx, federation) : null;
  }

  /** The mirror of `parent`: one query per union asked (a page with a cursor does not batch). */
  @FieldResolver(() => UnionConnection)
  async children(
    @Root() union: UnionValue,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<UnionValue>> {
    const page = pageRequest(first, after);
    // The children of a reachable union are in its city, save those of a province-level union,
    // which a city admin cannot reach anyway; confining the list keeps the rule in one place.
    const cities = scopedCities(ctx, 'organizations:read', 'unions', null);
    const query: UnionQuery = { parentId: union.id, unlinkedUnder: await adoptedDivision(union, ctx), cities };
    return unionsPage(ctx.store, query, page);
  }

  @FieldResolver(() => UnionHealth, { nullable: true })
  health(@Root() union: UnionValue, @Ctx() ctx: SubgraphContext): Promise<UnionHealthValue | null> {
    requirePermission(ctx, 'monitoring:read', 'union health');
    return ctx.loaders.get(unionHealthLoader).load(union.id);
  }
}

/**
 * The division whose unlinked unions this union adopts as children: only the federation of that
 * division (the one `parent` resolves to) adopts them, so parent and children agree.
 */
async function adoptedDivision(union: UnionValue, ctx: SubgraphContext): Promise<string | null> {
  if (union.type !== 'FEDERATION') return null;
  const federation = await ctx.loaders.get(federationByDivisionLoader).load(union.divisionCode);
  return federation?.id === union.id ? union.divisionCode : null;
}
