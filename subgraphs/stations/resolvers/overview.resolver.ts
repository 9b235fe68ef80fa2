import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { OverviewRef, SubgraphContext } from '../../kit';
import { stationsByKindLoader, upgradesCompletedByYear } from '../store/station-stats';
import { Overview } from '../schema/overview';
import { YearCount } from '../schema/year-count';

const byKind = (overview: OverviewRef, ctx: SubgraphContext) => ctx.loaders.get(stationsByKindLoader).load(overview.city ?? '');

/** Stations' figures on the dashboard's Overview. */
@Resolver(() => Overview)
export class OverviewStationsResolver {
  @FieldResolver(() => Int)
  async stations(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await byKind(overview, ctx)).reduce((sum, k) => sum + k.count, 0);
  }

  @FieldResolver(() => Int)
  async driversHomes(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await byKind(overview, ctx)).find((k) => k.kind === 'DRIVERS_HOME')?.count ?? 0;
  }

  @FieldResolver(() => [YearCount])
  stationsUpgradedByYear(@Root() overview: OverviewRef, @Ctx() ctx: SubgraphContext): Promise<Array<{ year: number; count: number }>> {
    return upgradesCompletedByYear(ctx.store, overview.city);
  }
}
