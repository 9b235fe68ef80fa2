import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { countAuditLog, readAuditLog, type AuditEntry as AuditEntryValue, type AuditQuery } from '../../../core/audit/audit-log';
import { InputError } from '../../../core/errors';
import { pageRequest, toConnection, type ConnectionValue, type SubgraphContext } from '../../kit';
import { requirePermission } from '../../kit/authorize';
import { AuditEntry, AuditEntryConnection, AuditLogFilter } from '../schema/audit-entry';

/** The disclosure audit log, newest first: for the provincial data office only (audit:read). */
@Resolver(() => AuditEntry)
export class AuditLogResolver {
  @Query(() => AuditEntryConnection)
  async auditLog(
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<AuditEntryValue>> {
    requirePermission(ctx, 'audit:read', 'the audit log');
    const page = pageRequest(first, after);
    const query: AuditQuery = { ...filter };
    if (query.since && query.until && Date.parse(query.since) > Date.parse(query.until)) {
      throw new InputError('filter.until', 'RANGE', `until (${query.until}) is before since (${query.since})`);
    }
    const beforeId = page.afterKey === null ? null : cursorId(page.afterKey);
    const rows = await readAuditLog(ctx.store, query, page.first + 1, beforeId);
    return toConnection(rows, page, (e) => e.id, () => countAuditLog(ctx.store, query));
  }
}

function cursorId(key: string): number {
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError('after', 'CURSOR', 'after must be a cursor returned by this API (endCursor or an edge cursor)');
  return id;
}
