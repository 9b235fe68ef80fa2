import type { EntityKind } from '../../../schema/model';
import type { ApplyContext } from '../apply-context';

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
export async function appendChangeLog(ctx: ApplyContext, change: LoggedChange): Promise<void> {
  await ctx.trx
    .insertInto('change_log')
    .values({
      recorded_at: ctx.now,
      source_id: ctx.sourceId,
      system: change.system,
      entity: change.entity,
      entity_id: change.entityId,
      op: change.op,
      version: change.version,
      union_id: change.unionId,
      occurred_on: change.occurredOn,
    })
    .execute();
}
