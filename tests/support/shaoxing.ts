import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShaoxingAdapter, type ShaoxingAdapterOptions } from '../../adapters/shaoxing-internet-plus';
import { startShaoxingSimulator, type ShaoxingFaults, type ShaoxingSimulator } from '../../adapters/shaoxing-internet-plus/simulator';
import { registerSources } from '../../adapters/pipeline/sources';
import type { SourceConfig } from '../../adapters/pipeline/source-adapter';
import { syncSource, type SyncOptions, type SyncSummary } from '../../adapters/pipeline/sync';
import { generateProvince, type GroundTruth } from '../../adapters/synthetic-province/generate';
import type { Store } from '../../core/store/database';
import { ENTERPRISE_CATEGORIES, STATION_KINDS, UNION_TYPES, type EnterpriseCategory, type StationKind, type UnionType } from '../../schema/enums';
import { testPii } from './pii';

/**
 * Shared by the Shaoxing tests: a tiny synthetic province in a temp dir, the simulator over it,
 * a sync of a real hub store through the adapter, and the figures to compare: what the ground
 * truth says about Shaoxing, and what the hub holds.
 */
export const CLIENT_ID = 'hub-shaoxing';
export const CLIENT_SECRET = 'shaoxing-test-secret';
/**
 * Per test process: the pipeline's PostgreSQL sync lock is database-wide and keyed on the source
 * id, so test files running at once on one database must not share it.
 */
export const SOURCE_ID = `shaoxing-${process.pid}`;

export interface Province {
  dir: string;
  dataFile: string;
  truth: GroundTruth;
  /** The data file, read-only, for what the ground truth does not list. */
  db: Database.Database;
  dispose(): void;
}

export async function tinyProvince(scale = 0.002, seed = 11): Promise<Province> {
  const dir = mkdtempSync(join(tmpdir(), 'shaoxing-'));
  const truth = await generateProvince({ scale, seed, outDir: dir });
  const dataFile = join(dir, 'province.sqlite');
  const db = new Database(dataFile, { readonly: true });
  return {
    dir, dataFile, truth, db,
    dispose: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function startSimulator(province: Province, faults: ShaoxingFaults = {}, extra: { cursorValidityMs?: number; rateLimitPerSecond?: number } = {}): Promise<ShaoxingSimulator> {
  return startShaoxingSimulator({ dataFile: province.dataFile, port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, faults, ...extra });
}

export function sourceFor(sim: ShaoxingSimulator, secret = CLIENT_SECRET): SourceConfig {
  return { id: SOURCE_ID, adapter: 'shaoxing-internet-plus', cities: ['SHAOXING'], baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: secret };
}

/** One `hub sync --source shaoxing`, through a new adapter unless one is given. */
export async function syncShaoxing(
  store: Store, sim: ShaoxingSimulator,
  options: { adapter?: ShaoxingAdapter; adapterOptions?: ShaoxingAdapterOptions; secret?: string; sync?: SyncOptions } = {},
): Promise<SyncSummary> {
  const source = sourceFor(sim, options.secret);
  await registerSources(store, [source]);
  const adapter = options.adapter ?? new ShaoxingAdapter(source, options.adapterOptions);
  try {
    return await syncSource({ store, pii: testPii() }, source, adapter, options.sync);
  } finally {
    if (!options.adapter) await adapter.close();
  }
}

export interface ShaoxingFigures {
  unionsByType: Record<UnionType, number>;
  enterprisesByCategory: Record<EnterpriseCategory, { total: number; unionized: number }>;
  formationApplications: number;
  /** Member records that name a valid document (one source each in the hub). */
  memberRecords: number;
  /** Persons with an ACTIVE Shaoxing record, and of those with an occupation. */
  activeMembers: number;
  newEmploymentMembers: number;
  stationsByKind: Record<StationKind, number>;
  stationsWithoutLocation: string[];
  /** Source ids of the dead letters. */
  deadLetters: string[];
}

function zero<K extends string, V>(keys: readonly K[], make: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, make()])) as Record<K, V>;
}

/**
 * The ground truth for Shaoxing, as a hub that syncs only Shaoxing must hold it. The truth counts
 * a person where their newest ACTIVE record is; a dual-active person whose Shaoxing record is the
 * older one is counted elsewhere by the truth, but is an active Shaoxing member to a hub that
 * has only Shaoxing's records, so those are added back.
 */
export function expectedShaoxing(province: Province): ShaoxingFigures {
  const { truth, db } = province;
  const city = truth.cities.SHAOXING;
  const record = (id: string) =>
    db.prepare('SELECT system, updated_at, occupations FROM members WHERE id = ?').get(id) as { system: string; updated_at: string; occupations: string };
  let activeElsewhereByTruth = 0;
  let newEmploymentElsewhereByTruth = 0;
  for (const key of truth.dualActivePersonKeys) {
    const [a, b] = truth.duplicatePersons[key].map(record);
    const [older, newer] = a.updated_at < b.updated_at ? [a, b] : [b, a];
    if (older.system === 'shaoxing-internet-plus' && newer.system !== 'shaoxing-internet-plus') {
      activeElsewhereByTruth++;
      if (older.occupations !== '') newEmploymentElsewhereByTruth++;
    }
  }
  const invalid = truth.invalidIdSourceIds.filter((id) => id.startsWith('SXHY'));
  return {
    unionsByType: city.unionsByType,
    enterprisesByCategory: city.enterprisesByCategory,
    formationApplications: city.formationApplications,
    memberRecords: truth.records['shaoxing-internet-plus'].members - invalid.length,
    activeMembers: city.members + activeElsewhereByTruth,
    newEmploymentMembers: city.newEmploymentMembers + newEmploymentElsewhereByTruth,
    stationsByKind: city.stations.byKind,
    stationsWithoutLocation: truth.missingCoordinateStationIds.filter((id) => id.startsWith('SXZD')),
    deadLetters: invalid,
  };
}

/** The same figures, read from the hub's store. */
export async function hubFigures(store: Store): Promise<ShaoxingFigures> {
  const db = store.db;
  const unions = await db.selectFrom('unions').select(['type']).where('city', '=', 'SHAOXING').where('deleted', '=', 0).execute();
  const enterprises = await db.selectFrom('enterprises').select(['category', 'union_id']).where('city', '=', 'SHAOXING').where('deleted', '=', 0).execute();
  const applications = await db.selectFrom('formation_applications').select(['id']).where('deleted', '=', 0).execute();
  const sources = await db.selectFrom('member_sources').select(['source_id']).where('system', '=', 'shaoxing-internet-plus').where('deleted', '=', 0).execute();
  const members = await db.selectFrom('members').select(['status', 'new_employment']).where('city', '=', 'SHAOXING').execute();
  const stations = await db.selectFrom('stations').select(['id', 'kind', 'lng']).where('city', '=', 'SHAOXING').where('deleted', '=', 0).execute();
  const letters = await db.selectFrom('dead_letters').select(['source_record_id']).where('source_id', '=', SOURCE_ID).execute();
  const unionsByType = zero(UNION_TYPES, () => 0);
  for (const u of unions) unionsByType[u.type as UnionType]++;
  const enterprisesByCategory = zero(ENTERPRISE_CATEGORIES, () => ({ total: 0, unionized: 0 }));
  for (const e of enterprises) {
    const c = enterprisesByCategory[e.category as EnterpriseCategory];
    c.total++;
    if (e.union_id) c.unionized++;
  }
  const stationsByKind = zero(STATION_KINDS, () => 0);
  for (const s of stations) stationsByKind[s.kind as StationKind]++;
  const active = members.filter((m) => m.status === 'ACTIVE');
  return {
    unionsByType,
    enterprisesByCategory,
    formationApplications: applications.length,
    memberRecords: sources.length,
    activeMembers: active.length,
    newEmploymentMembers: active.filter((m) => Number(m.new_employment) === 1).length,
    stationsByKind,
    stationsWithoutLocation: stations.filter((s) => s.lng === null).map((s) => s.id).sort(),
    deadLetters: letters.map((l) => l.source_record_id).sort(),
  };
}

/** Everything the hub holds from Shaoxing, as comparable text: two syncs that end alike give equal snapshots. */
export async function hubSnapshot(store: Store): Promise<Record<string, unknown[]>> {
  const db = store.db;
  // Versions and times may differ between two syncs that end alike; of a tombstone only the fact counts.
  const strip = <T extends Record<string, unknown>>(rows: T[]) => rows.map(({ version: _v, updated_at: _u, stage_updated_at: _s, ...rest }) =>
    rest.deleted === 1 ? { id: rest.id ?? rest.source_id, deleted: 1 } : rest);
  return {
    unions: strip(await db.selectFrom('unions').selectAll().where('system', '=', 'shaoxing-internet-plus').orderBy('id').execute()),
    enterprises: strip(await db.selectFrom('enterprises').selectAll().where('system', '=', 'shaoxing-internet-plus').orderBy('id').execute()),
    applications: strip(await db.selectFrom('formation_applications').selectAll().orderBy('id').execute()),
    memberSources: strip(await db.selectFrom('member_sources').select(['source_id', 'person_key', 'name', 'union_id', 'city', 'joined_on', 'occupations', 'status', 'deleted', 'gender'])
      .where('system', '=', 'shaoxing-internet-plus').orderBy('source_id').execute()),
    members: strip(await db.selectFrom('members').select(['id', 'name', 'city', 'union_id', 'status', 'new_employment', 'joined_on']).orderBy('id').execute()),
    stations: strip(await db.selectFrom('stations').selectAll().where('system', '=', 'shaoxing-internet-plus').orderBy('id').execute()),
    deadLetters: (await db.selectFrom('dead_letters').select(['source_record_id', 'field', 'rule']).orderBy('source_record_id').execute()),
  };
}
