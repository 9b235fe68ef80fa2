import type Database from 'better-sqlite3';
import type { City } from '../../schema/enums';
import type { ActivityRow, EnterpriseRow, MemberRow, StationRow, UnionRow } from '../synthetic-province/store';
import type { SystemName } from '../synthetic-province/systems';
import {
  toProvincialActivity, toProvincialEnterprise, toProvincialMember, toProvincialStation, toProvincialUnion,
  type ProvincialRecord,
} from './simulator-format';

/**
 * Keyset pages over province.sqlite: records ordered by (updated_at, id) strictly after a pair,
 * limited to the systems and cities a simulator serves. Each table has one index on
 * (updated_at, id, city), so a page reads the index from the cursor on and stops after `limit`
 * matches, however large the table: no OFFSET, no sort.
 */
export const PROVINCIAL_RESOURCES = ['organizations', 'members', 'activities', 'stations'] as const;
export type ProvincialResource = (typeof PROVINCIAL_RESOURCES)[number];

export type ServedTable = 'unions' | 'enterprises' | 'members' | 'activities' | 'stations';

/** organizations merges unions (kind UNION) and enterprises (kind ENTERPRISE). */
export const TABLES_OF: Record<ProvincialResource, readonly ServedTable[]> = {
  organizations: ['unions', 'enterprises'],
  members: ['members'],
  activities: ['activities'],
  stations: ['stations'],
};

export interface KeysetCursor {
  updatedAfter: string;
  afterId: string;
}

export interface Page {
  items: ProvincialRecord[];
  next: KeysetCursor | null;
}

/** What a simulator serves: records of these systems in these cities (null: the province's own, e.g. 浙江省总工会). */
export interface Scope {
  systems: readonly SystemName[];
  cities: readonly City[];
}

/** Which rows one request wants: all served cities, one city, or the province's own records. */
export type CityFilter = { kind: 'all' } | { kind: 'city'; city: City } | { kind: 'province' };

export function formatRow(table: ServedTable, row: unknown): ProvincialRecord {
  switch (table) {
    case 'unions': return toProvincialUnion(row as UnionRow);
    case 'enterprises': return toProvincialEnterprise(row as EnterpriseRow);
    case 'members': return toProvincialMember(row as MemberRow);
    case 'activities': return toProvincialActivity(row as ActivityRow);
    case 'stations': return toProvincialStation(row as StationRow);
  }
}

function after(a: ProvincialRecord, b: ProvincialRecord): number {
  return a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class KeysetReader {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(private readonly db: Database.Database, private readonly scope: Scope) {}

  page(resource: ProvincialResource, filter: CityFilter, cursor: KeysetCursor | null, limit: number): Page {
    const from = cursor ?? { updatedAfter: '', afterId: '' };
    // One row more than asked tells whether anything follows, so `next` is null exactly when caught up.
    const rows = TABLES_OF[resource].flatMap((table) =>
      this.statement(table, filter)
        .all(from.updatedAfter, from.afterId, ...this.cityParameters(filter), limit + 1)
        .map((row) => formatRow(table, row)));
    if (TABLES_OF[resource].length > 1) rows.sort(after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? { updatedAfter: last.updatedAt, afterId: last.id } : null };
  }

  /** The stored row behind a served record, or null. */
  findRow(table: ServedTable, id: string): unknown {
    const systems = this.scope.systems.map(() => '?').join(', ');
    return this.db.prepare(`SELECT * FROM ${table} WHERE id = ? AND system IN (${systems})`).get(id, ...this.scope.systems) ?? null;
  }

  private cityParameters(filter: CityFilter): unknown[] {
    switch (filter.kind) {
      case 'all': return [...this.scope.cities];
      case 'city': return [filter.city];
      case 'province': return [];
    }
  }

  private statement(table: ServedTable, filter: CityFilter): Database.Statement<unknown[], unknown> {
    const key = `${table}:${filter.kind}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const systems = this.scope.systems.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
      const cities = filter.kind === 'all'
        ? `(city IN (${this.scope.cities.map(() => '?').join(', ') || 'NULL'}) OR city IS NULL)`
        : filter.kind === 'city' ? 'city = ?' : 'city IS NULL';
      stmt = this.db.prepare(
        `SELECT * FROM ${table} INDEXED BY ${table}_keyset
         WHERE (updated_at, id) > (?, ?) AND ${cities} AND system IN (${systems})
         ORDER BY updated_at, id LIMIT ?`,
      );
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}
