import { Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { sourceStatuses, type SourceStatusValue } from '../store/sources';
import { SourceStatus } from '../schema/source-status';

@Resolver(() => SourceStatus)
export class SourcesResolver {
  @Query(() => [SourceStatus])
  sources(@Ctx() ctx: SubgraphContext): Promise<SourceStatusValue[]> {
    return sourceStatuses(ctx.store);
  }
}
