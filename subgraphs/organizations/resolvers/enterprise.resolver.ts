import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Division, divisionOf, pageRequest, type ConnectionValue, type DivisionValue, type SubgraphContext } from '../../kit';
import { scopedCities } from '../../kit/authorize';
import { reachableEnterprise, reachableUnion } from '../authorization';
import { enterprisesPage, latestApplicationLoader, type EnterpriseValue, type FormationApplicationValue } from '../store/enterprises';
import type { UnionValue } from '../store/unions';
import { Enterprise } from '../schema/enterprise';
import { EnterpriseConnection } from '../schema/enterprise-connection';
import { EnterpriseFilter } from '../schema/enterprise-filter';
import { FormationApplication } from '../schema/formation-application';
import { Union } from '../schema/union';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true })
  enterprise(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EnterpriseValue | null> {
    return reachableEnterprise(ctx, id);
  }

  @Query(() => EnterpriseConnection)
  enterprises(
    @Arg('filter', () => EnterpriseFilter, { nullable: true }) filter: EnterpriseFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<EnterpriseValue>> {
    const cities = scopedCities(ctx, 'organizations:read', 'enterprises', filter?.cities);
    return enterprisesPage(ctx.store, { ...filter, cities }, pageRequest(first, after));
  }

  @FieldResolver(() => Division, { nullable: true })
  division(@Root() enterprise: EnterpriseValue): DivisionValue | null {
    return enterprise.divisionCode ? divisionOf(enterprise.divisionCode, enterprise.city) : null;
  }

  @FieldResolver(() => Union, { nullable: true })
  async union(@Root() enterprise: EnterpriseValue, @Ctx() ctx: SubgraphContext): Promise<UnionValue | null> {
    return enterprise.unionId ? reachableUnion(ctx, enterprise.unionId) : null;
  }

  @FieldResolver(() => FormationApplication, { nullable: true })
  formationApplication(@Root() enterprise: EnterpriseValue, @Ctx() ctx: SubgraphContext): Promise<FormationApplicationValue | null> {
    return ctx.loaders.get(latestApplicationLoader).load(enterprise.id);
  }
}
