import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, instanceContainer, type ReferenceResolvers, type SubgraphSchema } from '../kit';
import { resolveMemberReference } from './references/member.reference';
import { resolveOverviewReference } from './references/overview.reference';
import { resolveUnionReference } from './references/union.reference';
import { AuditLogResolver } from './resolvers/audit-log.resolver';
import { MemberResolver, type MembershipOptions } from './resolvers/member.resolver';
import { MemberStatsResolver } from './resolvers/member-stats.resolver';
import { OverviewMembersResolver } from './resolvers/overview.resolver';
import { UnionMemberEdgeResolver } from './resolvers/union-member-edge.resolver';
import { UnionMembersResolver } from './resolvers/union.resolver';
import { Overview } from './schema/overview';
import { Union } from './schema/union';

export type { BlindIndex, MembershipOptions } from './resolvers/member.resolver';

/**
 * Membership: the real-name member view. Owns Member; adds member counts to Union and the member
 * figures to Overview; keeps the disclosure audit log (`auditLog`). The schema reads the store from
 * the request context, so building it needs no store; `pii` is needed to look members up by ID
 * number and to disclose. Every entry point checks the caller's role and city (member-access.ts).
 */
export const MEMBERSHIP = 'membership';

const references = {
  Member: { __resolveReference: resolveMemberReference },
  Union: { __resolveReference: resolveUnionReference },
  Overview: { __resolveReference: resolveOverviewReference },
} satisfies ReferenceResolvers;

export function membershipSubgraph(options: MembershipOptions = {}): SubgraphSchema {
  return buildFederatedSchema({
    resolvers: [MemberResolver, MemberStatsResolver, UnionMembersResolver, UnionMemberEdgeResolver, OverviewMembersResolver, AuditLogResolver],
    orphanedTypes: [Union, Overview],
    referenceResolvers: references,
    container: instanceContainer([new MemberResolver(options)]),
  });
}

/** The executable subgraph schema, for startSubgraph. */
export function buildMembershipSchema(options: MembershipOptions = {}): GraphQLSchema {
  return membershipSubgraph(options).schema;
}

/** The subgraph SDL, for composition (no PII key needed). */
export function membershipSdl(): string {
  return membershipSubgraph().sdl;
}
