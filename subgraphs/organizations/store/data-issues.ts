import { InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import { dataIssueFromRow, toConnection, toCount, type ConnectionValue, type DataIssueValue, type PageRequest } from '../../kit';

export interface DataIssueQuery {
  code?: string | null;
  system?: string | null;
  /** Only these systems (a city admin's); null: every system. */
  systems?: readonly string[] | null;
}

function issues(store: Store, q: DataIssueQuery) {
  const systems = q.systems;
  return store.db
    .selectFrom('data_issues')
    .$if(Boolean(q.code), (qb) => qb.where('code', '=', q.code as string))
    .$if(Boolean(q.system), (qb) => qb.where('system', '=', q.system as string))
    // An empty list must match nothing (`IN ()` is not SQL; no system is named '', the hub's own checks are).
    .$if(systems != null, (qb) => qb.where('system', 'in', systems?.length ? [...systems] : ['']).where('system', '<>', ''));
}

/** Stored data issues, oldest first (ids grow with detection). */
export async function dataIssuesPage(store: Store, q: DataIssueQuery, page: PageRequest): Promise<ConnectionValue<DataIssueValue>> {
  const after = page.afterKey === null ? null : Number(page.afterKey);
  if (after !== null && !Number.isSafeInteger(after)) throw new InputError('after', 'CURSOR', 'after is not a data issue cursor');
  const rows = await issues(store, q)
    .selectAll()
    .$if(after !== null, (qb) => qb.where('id', '>', after as number))
    .orderBy('id')
    .limit(page.first + 1)
    .execute();
  const count = async () => toCount((await issues(store, q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  return toConnection(rows.map(dataIssueFromRow), page, (i) => i.id as number, count);
}
