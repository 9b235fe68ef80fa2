import Database from 'better-sqlite3';
import type { ActivityRow, MemberRow, StationRow, UnionRow } from '../synthetic-province/store';
import { formatLocalTimestamp } from './local-time';
import type { NingboResource } from './map';
import type { Served } from './simulator-format';

/**
 * The Ningbo slice of province.sqlite as 甬工惠 holds it: the rows whose `system` is
 * ningbo-yonggonghui, copied into an in-memory database when the simulator starts, each with its
 * local `gxsj` and an index on (gxsj, id), the contract's order. Changes the simulator makes
 * (records moving while a client pages, pushed member events) stay in memory: the data file is
 * never written, so every simulator started on it serves the same records.
 */
export const NINGBO_SYSTEM = 'ningbo-yonggonghui';

export interface RowOf {
  unions: UnionRow;
  members: MemberRow;
  activities: ActivityRow;
  dues: ActivityRow;
  stations: StationRow;
}

type SqlValue = string | number | null;

/** Where each resource's rows come from in province.sqlite. */
const SOURCE: Record<NingboResource, { table: string; where: string }> = {
  unions: { table: 'unions', where: '1 = 1' },
  members: { table: 'members', where: '1 = 1' },
  activities: { table: 'activities', where: "kind <> 'DUES'" },
  dues: { table: 'activities', where: "kind = 'DUES'" },
  stations: { table: 'stations', where: '1 = 1' },
};

/** The index of the first element of a sorted array that is >= value. */
function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class NingboSlice {
  private readonly db: Database.Database;
  private lastIssuedMs = 0;
  /**
   * Every record's gxsj per resource, sorted: `total` for a gxsjStart is a binary search, where a
   * COUNT(*) would walk the index from gxsjStart to the end on every page (quadratic at scale 1).
   */
  private readonly stamps = new Map<NingboResource, string[]>();

  constructor(dataFile: string) {
    this.db = new Database(':memory:');
    this.db.function('local_ts', (iso: unknown) => formatLocalTimestamp(Date.parse(String(iso))));
    this.db.prepare('ATTACH DATABASE ? AS src').run(dataFile);
    try {
      for (const [resource, { table, where }] of Object.entries(SOURCE)) {
        // `movable`: a record the "changes while paging" fault may move. Members of people with
        // records in other cities stay put: moving one would change which membership is newest.
        this.db.exec(`CREATE TABLE ${resource} AS SELECT *, local_ts(updated_at) AS gxsj, 1 AS movable
          FROM src.${table} WHERE system = '${NINGBO_SYSTEM}' AND ${where}`);
        this.db.exec(`CREATE INDEX ${resource}_order ON ${resource} (gxsj, id)`);
      }
      this.db.exec(`UPDATE members SET movable = 0 WHERE person_no IN
        (SELECT person_no FROM src.members GROUP BY person_no HAVING COUNT(*) > 1)`);
    } finally {
      this.db.exec('DETACH DATABASE src');
    }
    for (const resource of Object.keys(SOURCE) as NingboResource[]) {
      this.stamps.set(resource, this.db.prepare(`SELECT gxsj FROM ${resource} ORDER BY gxsj`).pluck().all() as string[]);
    }
  }

  count(resource: NingboResource): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${resource}`).get() as { n: number }).n;
  }

  /** One page in (gxsj, id) order of the records with gxsj >= gxsjStart, and how many there are. */
  page<R extends NingboResource>(resource: R, gxsjStart: string, pageNo: number, pageSize: number): { total: number; rows: Array<Served<RowOf[R]>> } {
    const stamps = this.stamps.get(resource) ?? [];
    const total = stamps.length - lowerBound(stamps, gxsjStart);
    const rows = this.db.prepare(`SELECT * FROM ${resource} WHERE gxsj >= ? ORDER BY gxsj, id LIMIT ? OFFSET ?`)
      .all(gxsjStart, pageSize, (pageNo - 1) * pageSize) as Array<Served<RowOf[R]>>;
    return { total, rows };
  }

  /** The first record in the order from gxsjStart that may be moved, or null. */
  firstMovable(resource: NingboResource, gxsjStart: string): string | null {
    const row = this.db.prepare(`SELECT id FROM ${resource} WHERE gxsj >= ? AND movable = 1 ORDER BY gxsj, id LIMIT 1`).get(gxsjStart) as { id: string } | undefined;
    return row?.id ?? null;
  }

  find<R extends NingboResource>(resource: R, id: string): Served<RowOf[R]> | null {
    return (this.db.prepare(`SELECT * FROM ${resource} WHERE id = ?`).get(id) as Served<RowOf[R]> | undefined) ?? null;
  }

  /**
   * Changes records (columns of province.sqlite) and stamps them with one new gxsj, later than any
   * issued before, so they move to the end of the order; several ids at once is a bulk import
   * stamped with one time. No columns: the records are only re-saved.
   */
  change<R extends NingboResource>(resource: R, ids: string | string[], columns: Record<string, SqlValue> = {}): Array<Served<RowOf[R]>> {
    const list = Array.isArray(ids) ? ids : [ids];
    const before = list.map((id) => this.find(resource, id));
    if (before.some((row) => row === null)) throw new Error(`no ${resource} record ${list[before.indexOf(null)]} is served by this simulator`);
    const ms = this.nextChangeMs();
    const gxsj = formatLocalTimestamp(ms);
    const stamps = this.stamps.get(resource) ?? [];
    for (const row of before) {
      stamps.splice(lowerBound(stamps, (row as { gxsj: string }).gxsj), 1);
      stamps.splice(lowerBound(stamps, gxsj), 0, gxsj);
    }
    const set: Record<string, SqlValue> = { ...columns, gxsj, updated_at: new Date(ms).toISOString() };
    const names = Object.keys(set);
    const update = this.db.prepare(`UPDATE ${resource} SET ${names.map((n) => `"${n}" = ?`).join(', ')} WHERE id = ?`);
    this.db.transaction(() => {
      for (const id of list) update.run(...names.map((n) => set[n]), id);
    })();
    return list.map((id) => this.find(resource, id) as Served<RowOf[R]>);
  }

  /** Now, to the second, but always a later second than the last change: changes are ordered. */
  private nextChangeMs(): number {
    const now = Math.floor(Date.now() / 1000) * 1000;
    this.lastIssuedMs = Math.max(now, this.lastIssuedMs + 1000);
    return this.lastIssuedMs;
  }

  close(): void {
    this.db.close();
  }
}
