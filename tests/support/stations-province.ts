import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../core/store/database';
import type { MembersTable, StationsTable, UnionsTable } from '../../core/store/tables';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import type { MemberRow, StationRow, UnionRow } from '../../adapters/synthetic-province/store';

/**
 * The synthetic province's stations, unions and members, written into a hub store the way ingest
 * leaves them (WGS-84 points, JSON facility lists, one member per person), for the stations tests.
 */
export interface SyntheticProvince {
  truth: GroundTruth;
  stations: StationsTable[];
  unions: UnionsTable[];
  /** The real-name view: one row per person (README survivorship rule 1: the newest ACTIVE record decides). */
  members: MembersTable[];
  dispose(): void;
}

const AT = '2025-06-01T00:00:00.000Z';

export async function syntheticProvince(scale: number, seed: number): Promise<SyntheticProvince> {
  const dir = mkdtempSync(join(tmpdir(), 'stations-province-'));
  const truth = await generateProvince({ scale, seed, outDir: dir });
  const db = new Database(join(dir, 'province.sqlite'), { readonly: true });
  try {
    const stations = (db.prepare('SELECT * FROM stations WHERE deleted = 0 ORDER BY id').all() as StationRow[]).map(stationOf);
    const unions = (db.prepare('SELECT * FROM unions ORDER BY id').all() as UnionRow[]).map(unionOf);
    const invalid = new Set(truth.invalidIdSourceIds);
    const records = (db.prepare('SELECT * FROM members WHERE deleted = 0').all() as MemberRow[]).filter((m) => !invalid.has(m.id));
    return { truth, stations, unions, members: memberView(records), dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    db.close();
  }
}

function stationOf(r: StationRow): StationsTable {
  return {
    id: r.id, system: r.system, source_id: r.id, name: r.name, kind: r.kind, host_union_id: r.host_union_id,
    division_code: r.division, city: r.city, address: r.address, lng: r.lng, lat: r.lat,
    facilities: JSON.stringify(r.facilities ? r.facilities.split(',') : []), hours: r.hours,
    upgrade_status: r.upgrade_status, upgrade_year: r.upgrade_year, deleted: 0, version: Date.parse(r.updated_at), updated_at: r.updated_at,
  };
}

function unionOf(r: UnionRow): UnionsTable {
  return {
    id: r.id, system: r.system, source_id: r.id, name: r.name, credit_code: r.credit_code, type: r.type, division_code: r.division,
    city: r.city, parent_id: r.parent_id, founded_on: r.founded_on, last_election_on: r.last_election_on, dissolved: r.dissolved,
    deleted: r.deleted, version: Date.parse(r.updated_at), updated_at: r.updated_at,
  };
}

/** One member per person: the newest ACTIVE record decides union, city and status (else the newest record). */
function memberView(records: readonly MemberRow[]): MembersTable[] {
  const byPerson = new Map<number, MemberRow[]>();
  for (const r of records) byPerson.set(r.person_no, [...(byPerson.get(r.person_no) ?? []), r]);
  return [...byPerson.entries()].map(([no, rows]) => {
    const newestFirst = [...rows].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    const decider = newestFirst.find((r) => r.status === 'ACTIVE') ?? newestFirst[0];
    const active = rows.filter((r) => r.status === 'ACTIVE');
    return {
      id: `P${no}`, person_key: `pk-${no}`, id_type: decider.id_type, id_number_enc: 'v1:x', id_number_masked: '330106********1234',
      name: decider.name, name_pinyin: '', name_initials: '', gender: null, birth_date: null, mobile_enc: null, mobile_masked: null,
      city: decider.city, union_id: decider.union_id, employer_name: decider.employer_name, employer_credit_code: decider.employer_credit_code,
      new_employment: active.some((r) => r.occupations !== '') ? 1 : 0, joined_on: decider.joined_on, join_year: Number(decider.joined_on.slice(0, 4)),
      join_channel: decider.join_channel, status: decider.status, updated_at: AT,
    };
  });
}

/** Writes rows in chunks that stay under SQLite's bound-parameter limit. */
export async function insertRows(store: Store, table: 'stations' | 'unions' | 'members', rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await store.db.insertInto(table).values(rows.slice(i, i + 500) as never).execute();
  }
}
