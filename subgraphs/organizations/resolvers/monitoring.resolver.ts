import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { City, HealthStatus } from '../../../schema/enums';
import { CityEnum, HealthStatusEnum, pageRequest, type ConnectionValue, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { monitoringSummary, unionsByHealth, type MonitoringSummaryValue } from '../store/monitoring';
import type { UnionValue } from '../store/unions';
import { MonitoringSummary } from '../schema/monitoring-summary';
import { UnionConnection } from '../schema/union-connection';

/** What passive monitoring found, for county unions to follow up. */
@Resolver()
export class MonitoringResolver {
  @Query(() => UnionConnection)
  inactiveUnions(
    @Arg('city', () => CityEnum, { nullable: true }) city: City | null,
    @Arg('statuses', () => [HealthStatusEnum], { nullable: true, defaultValue: ['INACTIVE'] }) statuses: HealthStatus[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<UnionValue>> {
    const scope = scopedCity(ctx, 'monitoring:read', 'inactive unions', city);
    return unionsByHealth(ctx.store, scope, statuses ?? ['INACTIVE'], pageRequest(first, after));
  }

  @Query(() => MonitoringSummary)
  monitoringSummary(@Arg('city', () => CityEnum, { nullable: true }) city: City | null, @Ctx() ctx: SubgraphContext): Promise<MonitoringSummaryValue> {
    return monitoringSummary(ctx.store, scopedCity(ctx, 'monitoring:read', 'the monitoring summary', city));
  }
}
