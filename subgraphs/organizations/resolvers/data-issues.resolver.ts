import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { pageRequest, type ConnectionValue, type DataIssueValue, type SubgraphContext } from '../../kit';
import { dataIssuesPage } from '../store/data-issues';
import { DataIssueConnection } from '../schema/data-issue-connection';

@Resolver()
export class DataIssuesResolver {
  @Query(() => DataIssueConnection)
  dataIssues(
    @Arg('code', () => String, { nullable: true }) code: string | null,
    @Arg('system', () => String, { nullable: true }) system: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<DataIssueValue>> {
    return dataIssuesPage(ctx.store, { code, system }, pageRequest(first, after));
  }
}
