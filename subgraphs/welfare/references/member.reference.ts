import type { SubgraphContext } from '../../kit';
import { requireMemberWelfareReadable } from '../authorization';

/**
 * Any member id is answerable (an unknown member has no enrollments), but only within the caller's
 * reach: a city admin is refused another city's member here and again on each field, since
 * Enrollment.member reaches the fields without a reference.
 */
export async function resolveMemberReference(reference: { id: string }, ctx: SubgraphContext): Promise<{ id: string }> {
  await requireMemberWelfareReadable(ctx, reference.id);
  return { id: reference.id };
}
