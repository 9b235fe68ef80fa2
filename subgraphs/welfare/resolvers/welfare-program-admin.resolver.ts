import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../kit';
import { authorizeWelfare, changedBy } from '../authorization';
import { createProgram, updateProgram } from '../store/program-writes';
import type { ProgramValue } from '../store/programs';
import { CreateWelfareProgramInput, UpdateWelfareProgramInput } from '../schema/welfare-program-input';
import { WelfareProgram } from '../schema/welfare-program';

/** A GraphQL input object as the field checks read it: only the fields the caller sent. */
function sent(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/**
 * Creating and changing programs. The config file's `welfare.programs` does the same at start
 * (store/program-config.ts). Who may call these: authorization.ts (welfare:write, the organizer's city).
 * Errors: BAD_USER_INPUT with `field` (`input.places`…) and `rule`; NOT_FOUND for an unknown id.
 */
@Resolver(() => WelfareProgram)
export class WelfareProgramAdminResolver {
  @Mutation(() => WelfareProgram)
  async createWelfareProgram(@Arg('input', () => CreateWelfareProgramInput) input: CreateWelfareProgramInput, @Ctx() ctx: SubgraphContext): Promise<ProgramValue> {
    await authorizeWelfare(ctx, 'createWelfareProgram', { programId: input.id ?? undefined, organizerDivision: input.organizerDivision });
    return createProgram(ctx.store, sent(input), 'input.', { by: changedBy(ctx), now: new Date() });
  }

  @Mutation(() => WelfareProgram)
  async updateWelfareProgram(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWelfareProgramInput) input: UpdateWelfareProgramInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ProgramValue> {
    await authorizeWelfare(ctx, 'updateWelfareProgram', { programId: id, organizerDivision: input.organizerDivision });
    return updateProgram(ctx.store, id, sent(input), 'input.', { by: changedBy(ctx), now: new Date() });
  }
}
