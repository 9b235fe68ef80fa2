import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { WelfareKind } from '../../../schema/enums';
import { DataIssue, WelfareKindEnum, type DataIssueValue, type SubgraphContext } from '../../kit';
import { budgetIssues } from '../store/budget-check';
import { listPrograms, placesUsedLoader, programLoader, type ProgramValue } from '../store/programs';
import { WelfareProgram } from '../schema/welfare-program';

@Resolver(() => WelfareProgram)
export class WelfareProgramResolver {
  @Query(() => WelfareProgram, { nullable: true })
  welfareProgram(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ProgramValue | null> {
    return ctx.loaders.get(programLoader).load(id);
  }

  @Query(() => [WelfareProgram])
  welfarePrograms(
    @Arg('year', () => Int, { nullable: true }) year: number | null,
    @Arg('kind', () => WelfareKindEnum, { nullable: true }) kind: WelfareKind | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ProgramValue[]> {
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
}
