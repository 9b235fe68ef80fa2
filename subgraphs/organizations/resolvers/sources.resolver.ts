import { Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { sourceStatuses, type SourceStatusValue } from '../store/sources';
import { SourceStatus } from '../schema/source-status';

@Resolver(() => SourceStatus)
export class SourcesResolver {
  /** A city admin sees the sources that feed its city (a provincial source feeds every city). */
  @Query(() => [SourceStatus])
  async sources(@Ctx() ctx: SubgraphContext): Promise<SourceStatusValue[]> {
    const city = scopedCity(ctx, 'sources:read', 'sources', null);
    const all = await sourceStatuses(ctx.store);
    return city === null ? all : all.filter((s) => s.cities.includes(city));
  }
}
