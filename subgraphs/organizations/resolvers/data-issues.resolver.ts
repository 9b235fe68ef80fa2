import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { pageRequest, type ConnectionValue, type DataIssueValue, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { dataIssuesPage } from '../store/data-issues';
import { systemsServingOnly } from '../store/sources';
import { DataIssueConnection } from '../schema/data-issue-connection';

@Resolver()
export class DataIssuesResolver {
  /**
   * A data issue carries no city, only the upstream system it came from. A city admin sees the
   * issues of the systems that serve its city alone (its own city's system), never those of a
   * provincial system or of the hub's own checks, which may concern any city.
   */
  @Query(() => DataIssueConnection)
  async dataIssues(
    @Arg('code', () => String, { nullable: true }) code: string | null,
    @Arg('system', () => String, { nullable: true }) system: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<DataIssueValue>> {
    const page = pageRequest(first, after);
    const city = scopedCity(ctx, 'data-issues:read', 'data issues', null);
    const systems = city === null ? null : await systemsServingOnly(ctx.store, city);
    return dataIssuesPage(ctx.store, { code, system, systems }, page);
  }
}
