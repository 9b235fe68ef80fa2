import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { MemberDimension } from '../../../schema/enums';
import { MemberDimensionEnum, type SubgraphContext } from '../../kit';
import { memberStats, type MemberBucketValue } from '../store/member-stats';
import { MemberBucket } from '../schema/member-bucket';
import { MemberFilter } from '../schema/member-filter';

@Resolver(() => MemberBucket)
export class MemberStatsResolver {
  @Query(() => [MemberBucket])
  memberStats(
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | null,
    @Arg('groupBy', () => [MemberDimensionEnum]) groupBy: MemberDimension[],
    @Ctx() ctx: SubgraphContext,
  ): Promise<MemberBucketValue[]> {
    return memberStats(ctx.store, { ...filter }, groupBy);
  }
}
