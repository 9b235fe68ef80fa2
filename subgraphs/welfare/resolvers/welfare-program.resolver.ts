import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { WelfareKind } from '../../../schema/enums';
import { DataIssue, Division, divisionOf, pageRequest, WelfareKindEnum, type ConnectionValue, type DataIssueValue, type DivisionValue, type SubgraphContext } from '../../kit';
import { kindAndYearKey, programActivitiesPage, programsOfKindAndYearLoader, type WelfareActivityValue } from '../store/activities';
import { programActivityScope } from '../store/activity-links';
import { budgetIssues } from '../store/budget-check';
import { listPrograms, placesUsedLoader, programLoader, type ProgramValue } from '../store/programs';
import { WelfareActivityConnection } from '../schema/welfare-activity';
import { WelfareProgram } from '../schema/welfare-program';
import { requirePermission, scopedCity } from '../../kit/authorize';

@Resolver(() => WelfareProgram)
export class WelfareProgramResolver {
  @Query(() => WelfareProgram, { nullable: true })
  welfareProgram(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ProgramValue | null> {
    requirePermission(ctx, 'welfare:read', 'welfare programs');
    return ctx.loaders.get(programLoader).load(id);
  }

  @Query(() => [WelfareProgram])
  welfarePrograms(
    @Arg('year', () => Int, { nullable: true }) year: number | null,
    @Arg('kind', () => WelfareKindEnum, { nullable: true }) kind: WelfareKind | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ProgramValue[]> {
    requirePermission(ctx, 'welfare:read', 'welfare programs');
    return listPrograms(ctx.store, year ?? null, kind ?? null);
  }

  @FieldResolver(() => Int)
  placesUsed(@Root() program: ProgramValue, @Ctx() ctx: SubgraphContext): Promise<number> {
    return ctx.loaders.get(placesUsedLoader).load(program.id);
  }

  @FieldResolver(() => Int, { nullable: true })
  async placesLeft(@Root() program: ProgramValue, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    if (program.places === null) return null;
    return program.places - (await ctx.loaders.get(placesUsedLoader).load(program.id));
  }

  @FieldResolver(() => [DataIssue])
  dataIssues(@Root() program: ProgramValue): DataIssueValue[] {
    return budgetIssues(program);
  }

  @FieldResolver(() => Division)
  organizerDivision(@Root() program: ProgramValue): DivisionValue {
    return divisionOf(program.organizerDivision, null);
  }

  /** The activities linked to this program alone (a tie with another program links none). */
  @FieldResolver(() => WelfareActivityConnection)
  async activities(
    @Root() program: ProgramValue,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<WelfareActivityValue>> {
    const page = pageRequest(first, after);
    // A city admin sees the program's activities in its own city only (as welfareActivities).
    const city = scopedCity(ctx, 'welfare:read', 'welfare activities', null);
    const sameKindAndYear = await ctx.loaders.get(programsOfKindAndYearLoader).load(kindAndYearKey(program.kind, program.year));
    return programActivitiesPage(ctx.store, programActivityScope(program, sameKindAndYear), page, city);
  }
}
