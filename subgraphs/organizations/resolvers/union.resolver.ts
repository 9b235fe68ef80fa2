import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { PROVINCE_DIVISION } from '../../../schema/enums';
import { Division, divisionOf, pageRequest, type ConnectionValue, type DivisionValue, type SubgraphContext } from '../../kit';
import { unionHealthLoader, type UnionHealthValue } from '../store/monitoring';
import { federationByDivisionLoader, isCityFederation, isProvinceFederation, unionLoader, unionsPage, type UnionQuery, type UnionValue } from '../store/unions';
import { Union } from '../schema/union';
import { UnionConnection } from '../schema/union-connection';
import { UnionFilter } from '../schema/union-filter';
import { UnionHealth } from '../schema/union-health';

@Resolver(() => Union)
export class UnionResolver {
  @Query(() => Union, { nullable: true })
  union(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<UnionValue | null> {
    return ctx.loaders.get(unionLoader).load(id);
  }

  @Query(() => UnionConnection)
  async unions(
    @Arg('filter', () => UnionFilter, { nullable: true }) filter: UnionFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<UnionValue>> {
    const page = pageRequest(first, after);
    const query: UnionQuery = { ...filter };
    if (filter?.parentId) {
      const parent = await ctx.loaders.get(unionLoader).load(filter.parentId);
      query.includeUnlinkedCityFederations = parent !== null && isProvinceFederation(parent);
    }
    return unionsPage(ctx.store, query, page);
  }

  @FieldResolver(() => Division)
  division(@Root() union: UnionValue): DivisionValue {
    return divisionOf(union.divisionCode, union.city);
  }

  /**
   * The linked parent; a city federation with no link hangs under the province federation (the
   * FEDERATION at 330000), because upstreams leave the top of their own tree unlinked.
   */
  @FieldResolver(() => Union, { nullable: true })
  async parent(@Root() union: UnionValue, @Ctx() ctx: SubgraphContext): Promise<UnionValue | null> {
    if (union.parentId) return ctx.loaders.get(unionLoader).load(union.parentId);
    if (isCityFederation(union)) return ctx.loaders.get(federationByDivisionLoader).load(PROVINCE_DIVISION);
    return null;
  }

  /** The mirror of `parent`: one query per union asked (a page with a cursor does not batch). */
  @FieldResolver(() => UnionConnection)
  children(
    @Root() union: UnionValue,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<UnionValue>> {
    const query: UnionQuery = { parentId: union.id, includeUnlinkedCityFederations: isProvinceFederation(union) };
    return unionsPage(ctx.store, query, pageRequest(first, after));
  }

  @FieldResolver(() => UnionHealth, { nullable: true })
  health(@Root() union: UnionValue, @Ctx() ctx: SubgraphContext): Promise<UnionHealthValue | null> {
    return ctx.loaders.get(unionHealthLoader).load(union.id);
  }
}
