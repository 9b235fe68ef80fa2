import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, type ReferenceResolvers, type SubgraphSchema } from '../kit';
import { resolveMemberReference } from './references/member.reference';
import { resolveOverviewReference } from './references/overview.reference';
import { resolveWelfareProgramReference } from './references/welfare-program.reference';
import { EnrollmentResolver } from './resolvers/enrollment.resolver';
import { MemberBenefitsResolver } from './resolvers/member.resolver';
import { OverviewWelfareResolver } from './resolvers/overview.resolver';
import { WelfareProgramResolver } from './resolvers/welfare-program.resolver';
import { Member } from './schema/member';
import { Overview } from './schema/overview';

export { seedWelfarePrograms, PROGRAMS_2025, type EligibilityRule } from './store/seed';

/**
 * Welfare: the "9+X" service package's programs and members' enrollments. Owns WelfareProgram
 * and Enrollment; adds Member.benefits and the places used to Overview.
 */
export const WELFARE = 'welfare';

const references = {
  WelfareProgram: { __resolveReference: resolveWelfareProgramReference },
  Member: { __resolveReference: resolveMemberReference },
  Overview: { __resolveReference: resolveOverviewReference },
} satisfies ReferenceResolvers;

export function welfareSubgraph(): SubgraphSchema {
  return buildFederatedSchema({
    resolvers: [WelfareProgramResolver, EnrollmentResolver, MemberBenefitsResolver, OverviewWelfareResolver],
    orphanedTypes: [Member, Overview],
    referenceResolvers: references,
  });
}

/** The executable subgraph schema, for startSubgraph. */
export function buildWelfareSchema(): GraphQLSchema {
  return welfareSubgraph().schema;
}

/** The subgraph SDL, for composition. */
export function welfareSdl(): string {
  return welfareSubgraph().sdl;
}
