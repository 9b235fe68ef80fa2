import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, instanceContainer, type ReferenceResolvers, type SubgraphSchema } from '../kit';
import { resolveMemberReference } from './references/member.reference';
import { resolveOverviewReference } from './references/overview.reference';
import { resolveWelfareProgramReference } from './references/welfare-program.reference';
import { EnrollmentResolver, type WelfareOptions } from './resolvers/enrollment.resolver';
import { MemberBenefitsResolver } from './resolvers/member.resolver';
import { OverviewWelfareResolver } from './resolvers/overview.resolver';
import { WelfareActivityResolver } from './resolvers/welfare-activity.resolver';
import { WelfareProgramAdminResolver } from './resolvers/welfare-program-admin.resolver';
import { WelfareProgramResolver } from './resolvers/welfare-program.resolver';
import { WelfareUsageResolver } from './resolvers/welfare-usage.resolver';
import { Member } from './schema/member';
import { Overview } from './schema/overview';
import { Union } from './schema/union';

export { seedWelfarePrograms, PROGRAMS_2025, type EligibilityRule } from './store/seed';
export { applyWelfareConfig, applyWelfareConfigFile } from './store/program-config';
export type { WelfareOptions } from './resolvers/enrollment.resolver';

/**
 * Welfare: the "9+X" service package's programs, members' enrollments and the activities linked to
 * them. Owns WelfareProgram and Enrollment; adds Member.benefits / welfareAttributes and the places
 * used to Overview. `pii` encrypts children's names at camps; without it enrollChild is refused.
 */
export const WELFARE = 'welfare';

const references = {
  WelfareProgram: { __resolveReference: resolveWelfareProgramReference },
  Member: { __resolveReference: resolveMemberReference },
  Overview: { __resolveReference: resolveOverviewReference },
} satisfies ReferenceResolvers;

export function welfareSubgraph(options: WelfareOptions = {}): SubgraphSchema {
  return buildFederatedSchema({
    resolvers: [
      WelfareProgramResolver, WelfareProgramAdminResolver, EnrollmentResolver, MemberBenefitsResolver,
      WelfareActivityResolver, WelfareUsageResolver, OverviewWelfareResolver,
    ],
    orphanedTypes: [Member, Overview, Union],
    referenceResolvers: references,
    container: instanceContainer([new EnrollmentResolver(options)]),
  });
}

/** The executable subgraph schema, for startSubgraph. */
export function buildWelfareSchema(options: WelfareOptions = {}): GraphQLSchema {
  return welfareSubgraph(options).schema;
}

/** The subgraph SDL, for composition (no PII key needed). */
export function welfareSdl(): string {
  return welfareSubgraph().sdl;
}
