import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum, type SubgraphContext } from '../../kit';
import { scopedCity } from '../../kit/authorize';
import { formationStats, type FormationStatsValue } from '../store/formation';
import { FormationStats } from '../schema/formation-stats';

@Resolver(() => FormationStats)
export class FormationResolver {
  @Query(() => FormationStats)
  formationStats(@Arg('city', () => CityEnum, { nullable: true }) city: City | null, @Ctx() ctx: SubgraphContext): Promise<FormationStatsValue> {
    return formationStats(ctx.store, scopedCity(ctx, 'organizations:read', 'formation statistics', city));
  }
}
