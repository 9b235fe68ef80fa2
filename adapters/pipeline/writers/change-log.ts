import type { EntityKind } from '../../../schema/model';
import type { ApplyContext } from '../apply-context';
import { insertMany } from '../bulk';

export interface LoggedChange {
  entity: EntityKind;
  entityId: string;
  system: string;
  op: 'UPSERT' | 'DELETE';
  version: number;
  unionId: string | null;
  occurredOn: string | null;
}

/** Everything applied is appended here; monitoring and caches fold this log. */
export async function appendChangeLog(ctx: ApplyContext, changes: LoggedChange[]): Promise<void> {
  await insertMany(ctx.trx, 'change_log', changes.map((c) => ({
    recorded_at: ctx.now,
    source_id: ctx.sourceId,
    system: c.system,
    entity: c.entity,
    entity_id: c.entityId,
    op: c.op,
    version: c.version,
    union_id: c.unionId,
    occurred_on: c.occurredOn,
  })));
}
