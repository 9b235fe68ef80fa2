import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { City, WelfareKind } from '../../../schema/enums';
import { CityEnum, pageRequest, WelfareKindEnum, type ConnectionValue, type SubgraphContext } from '../../kit';
import { activityKindsFor, kindAndYearKey, programsOfKindAndYearLoader, welfareActivitiesPage, type WelfareActivityValue } from '../store/activities';
import { linkActivity, type ActivityLink } from '../store/activity-links';
import type { ProgramValue } from '../store/programs';
import { checkQueryYear } from '../store/query-year';
import { Union } from '../schema/union';
import { scopedCity } from '../../kit/authorize';
import { WelfareActivity, WelfareActivityConnection } from '../schema/welfare-activity';
import { WelfareProgram } from '../schema/welfare-program';

@Resolver(() => WelfareActivity)
export class WelfareActivityResolver {
  /** Check-up and summer-cooling activities the upstreams reported, by date, with their programs. */
  @Query(() => WelfareActivityConnection)
  welfareActivities(
    @Arg('year', () => Int) year: number,
    @Arg('city', () => CityEnum, { nullable: true }) city: City | null,
    @Arg('kind', () => WelfareKindEnum, { nullable: true }) kind: WelfareKind | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<WelfareActivityValue>> {
    const page = pageRequest(first, after);
    const scoped = scopedCity(ctx, 'welfare:read', 'welfare activities', city);
    return welfareActivitiesPage(ctx.store, { year: checkQueryYear(year), city: scoped, kinds: activityKindsFor(kind ?? null) }, page);
  }

  @FieldResolver(() => WelfareProgram, { nullable: true })
  async program(@Root() activity: WelfareActivityValue, @Ctx() ctx: SubgraphContext): Promise<ProgramValue | null> {
    return (await link(activity, ctx)).program;
  }

  @FieldResolver(() => [WelfareProgram])
  async candidatePrograms(@Root() activity: WelfareActivityValue, @Ctx() ctx: SubgraphContext): Promise<ProgramValue[]> {
    return (await link(activity, ctx)).candidates;
  }

  @FieldResolver(() => Union)
  union(@Root() activity: WelfareActivityValue): { id: string } {
    return { id: activity.unionId };
  }
}

async function link(activity: WelfareActivityValue, ctx: SubgraphContext): Promise<ActivityLink> {
  const year = Number(activity.date.slice(0, 4));
  const programs = await ctx.loaders.get(programsOfKindAndYearLoader).load(kindAndYearKey(activity.kind, year));
  return linkActivity(activity.unionDivision, programs);
}
