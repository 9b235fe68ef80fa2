import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { MemberDimension } from '../../../schema/enums';
import { MemberDimensionEnum, type SubgraphContext } from '../../kit';
import { scopedCities } from '../../kit/authorize';
import { memberStats, type MemberBucketValue } from '../store/member-stats';
import { MemberBucket } from '../schema/member-bucket';
import { MemberFilter } from '../schema/member-filter';

@Resolver(() => MemberBucket)
export class MemberStatsResolver {
  /** A city admin's counts are its city's; another city's are FORBIDDEN. */
  @Query(() => [MemberBucket])
  memberStats(
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | null,
    @Arg('groupBy', () => [MemberDimensionEnum]) groupBy: MemberDimension[],
    @Ctx() ctx: SubgraphContext,
  ): Promise<MemberBucketValue[]> {
    const cities = scopedCities(ctx, 'aggregates:read', 'member statistics', filter?.cities);
    return memberStats(ctx.store, { ...filter, cities }, groupBy);
  }
}
