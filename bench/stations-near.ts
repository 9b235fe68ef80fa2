import 'reflect-metadata';
import { execute, parse, validate } from 'graphql';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { boxAround, haversineMeters, type LngLat } from '../core/geo';
import { openStore, type Store } from '../core/store/database';
import { migrate } from '../core/store/migrate';
import type { StationsTable } from '../core/store/tables';
import { CITIES, FACILITIES, type City, type Facility, type StationKind } from '../schema/enums';
import { createContext } from '../subgraphs/kit';
import { buildStationsSchema } from '../subgraphs/stations';
import { stationsNear, type NearbyQuery } from '../subgraphs/stations/store/nearby';
import { stationWhere } from '../subgraphs/stations/store/stations';
import { arg } from './cli-args';
import { mulberry32 } from '../adapters/synthetic-province/random';

/**
 * stationsNear at the national scale of union stations (180,000):
 *   node dist/bench/stations-near.js [--stations 180000] [--queries 2000] [--scan-queries 20] [--postgres URL]
 * Inserts the stations into a fresh SQLite file (or a fresh PostgreSQL schema), spread over
 * Zhejiang: 60% around the eleven city centres, 40% anywhere in the province's box. Then, for three
 * query shapes, times
 *   - near:     the store function the resolver calls (spatial index, 008_stations_spatial),
 *   - resolver: the same through GraphQL execution of the stations subgraph (no HTTP),
 *   - box, no index: the circle's bounding box in SQL without the index (what stationsNear did
 *               before 008: the database reads the whole table, in C),
 *   - scan:     a brute-force scan (every located station read, every distance computed),
 * checks that all three agree, and prints queries per second and `nearVsScan` (how many times
 * faster the index is than the scan, for the default 15-minute-circle query).
 */
const BOX = { minLng: 118.0, maxLng: 123.3, minLat: 27.0, maxLat: 31.3 };
const CENTRES: Record<City, LngLat> = {
  HANGZHOU: { lng: 120.155, lat: 30.274 }, NINGBO: { lng: 121.55, lat: 29.875 }, WENZHOU: { lng: 120.699, lat: 27.994 },
  JIAXING: { lng: 120.756, lat: 30.746 }, HUZHOU: { lng: 120.088, lat: 30.894 }, SHAOXING: { lng: 120.58, lat: 30.03 },
  JINHUA: { lng: 119.647, lat: 29.079 }, QUZHOU: { lng: 118.86, lat: 28.97 }, ZHOUSHAN: { lng: 122.107, lat: 30.016 },
  TAIZHOU: { lng: 121.421, lat: 28.656 }, LISHUI: { lng: 119.923, lat: 28.468 },
};

function syntheticStations(n: number): StationsTable[] {
  const next = mulberry32(180_000);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: n }, (_, i) => {
    const city = CITIES[Math.floor(next() * CITIES.length)];
    const clustered = next() < 0.6;
    const point = clustered
      ? { lng: CENTRES[city].lng + gauss() * 0.12, lat: CENTRES[city].lat + gauss() * 0.12 }
      : { lng: BOX.minLng + next() * (BOX.maxLng - BOX.minLng), lat: BOX.minLat + next() * (BOX.maxLat - BOX.minLat) };
    const r = next();
    const kind: StationKind = r < 0.86 ? 'UNION_STATION' : r < 0.91 ? 'DRIVERS_HOME' : 'LOVE_STATION';
    const facilities = FACILITIES.filter((f, k) => k < 2 || next() < 0.5);
    const id = `BENCH${String(i).padStart(7, '0')}`;
    return {
      id, system: 'zhejiang-digital-union', source_id: id, name: `驿站 ${i}`, kind, host_union_id: null, division_code: null, city,
      address: null, lng: Math.round(point.lng * 1e6) / 1e6, lat: Math.round(point.lat * 1e6) / 1e6, facilities: JSON.stringify(facilities),
      hours: '08:00-20:00', upgrade_status: 'NONE', upgrade_year: null, deleted: 0, version: 1, updated_at: '2025-06-01T00:00:00.000Z',
    };
  });
}

async function insertStations(store: Store, rows: readonly StationsTable[]): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1_000) await trx.insertInto('stations').values(rows.slice(i, i + 1_000)).execute();
  });
  // Planner statistics, as a database that has lived a while would have them.
  await sql`analyze stations`.execute(store.db);
}

interface Shape {
  name: string;
  withinMeters: number;
  first: number;
  kinds?: StationKind[];
  facilities?: Facility[];
}

const SHAPES: Shape[] = [
  { name: '3 km, first 10 (the default 15-minute circle)', withinMeters: 3_000, first: 10 },
  { name: '20 km, drivers\' homes with charging, first 10', withinMeters: 20_000, first: 10, kinds: ['DRIVERS_HOME'], facilities: ['CHARGING'] },
  { name: '50 km, first 100', withinMeters: 50_000, first: 100 },
];

function queryPoints(stations: readonly StationsTable[], n: number): LngLat[] {
  const next = mulberry32(42);
  return Array.from({ length: n }, () => {
    if (next() < 0.2) return { lng: BOX.minLng + next() * (BOX.maxLng - BOX.minLng), lat: BOX.minLat + next() * (BOX.maxLat - BOX.minLat) };
    const s = stations[Math.floor(next() * stations.length)];
    return { lng: (s.lng as number) + (next() - 0.5) * 0.05, lat: (s.lat as number) + (next() - 0.5) * 0.05 };
  });
}

/**
 * What stationsNear did before 008: the circle's bounding box in SQL, with no index to find it, so
 * the database reads the whole table per query (in C), then the distances in code.
 */
async function boxScanNear(store: Store, q: NearbyQuery): Promise<string[]> {
  const box = boxAround({ lng: q.lng, lat: q.lat }, q.withinMeters);
  const from = store.dialect === 'sqlite' ? sql`stations not indexed` : sql`stations`;
  const kinds = q.kinds?.length ? q.kinds : null;
  const facilities = (q.facilities ?? []).map((f) => sql` and facilities like ${`%"${f}"%`}`);
  const rows = await sql<{ id: string; lng: number; lat: number }>`select id, lng, lat from ${from}
    where deleted = 0 and lat between ${box.minLat} and ${box.maxLat} and lng between ${box.minLng} and ${box.maxLng}
    ${kinds ? sql`and kind in (${sql.join(kinds)})` : sql``}${sql.join(facilities, sql``)}`.execute(store.db);
  return nearestIds(rows.rows, q);
}

function nearestIds(rows: ReadonlyArray<{ id: string; lng: number | null; lat: number | null }>, q: NearbyQuery): string[] {
  const center = { lng: q.lng, lat: q.lat };
  return rows
    .map((r) => ({ id: r.id, d: haversineMeters(center, { lng: Number(r.lng), lat: Number(r.lat) }) }))
    .filter((h) => h.d <= q.withinMeters)
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, q.first)
    .map((h) => h.id);
}

/** The brute force: every located station matching the filters read, every distance computed. */
async function scanNear(store: Store, q: NearbyQuery): Promise<string[]> {
  const rows = await store.db
    .selectFrom('stations')
    .select(['id', 'lng', 'lat'])
    .where((eb) => stationWhere(eb, { kinds: q.kinds, facilities: q.facilities }))
    .where('lat', 'is not', null)
    .execute();
  return nearestIds(rows, q);
}

const NEAR_QUERY = `query($lng: Float!, $lat: Float!, $within: Int, $kinds: [StationKind!], $facilities: [Facility!], $first: Int) {
  stationsNear(lng: $lng, lat: $lat, withinMeters: $within, kinds: $kinds, facilities: $facilities, first: $first) {
    distanceMeters station { id name kind facilities location { lng lat } } } }`;

interface Rate {
  /** Queries per second of wall-clock time. */
  wall: number;
  /**
   * Queries per second of this process's CPU time: with SQLite (in-process) the same work without
   * the waits a shared machine adds. Not meaningful for PostgreSQL, whose work is in the server.
   */
  cpu: number;
}

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<Rate> {
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) await run(i);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall: n / seconds, cpu: n / ((used.user + used.system) / 1e6) };
}

async function freshPostgres(url: string): Promise<Store & { dispose(): Promise<void> }> {
  const schema = `bench_stations_${process.pid}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
  await admin.end();
  const store = openStore({ databaseUrl: url, pgSchema: schema });
  return Object.assign(store, {
    async dispose() {
      await store.close();
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    },
  });
}

function fmt(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1);
}

function freshSqlite(): Store & { dispose(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-stations-'));
  const store = openStore({ sqliteFile: join(dir, 'hub.sqlite') });
  return Object.assign(store, {
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

async function main() {
  const count = Number(arg('stations', '180000'));
  const queries = Number(arg('queries', '2000'));
  const scanQueries = Number(arg('scan-queries', '20'));
  const pgUrl = arg('postgres', '');
  const store = pgUrl ? await freshPostgres(pgUrl) : freshSqlite();
  try {
    await migrate(store);
    const stations = syntheticStations(count);
    let t = Date.now();
    await insertStations(store, stations);
    console.log(`${store.dialect}: inserted ${count.toLocaleString('en')} stations in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const schema = buildStationsSchema();
    // Parsed and validated once, as Apollo Server's document cache does for a repeated query.
    const document = parse(NEAR_QUERY);
    const invalid = validate(schema, document);
    if (invalid.length > 0) throw invalid[0];
    const points = queryPoints(stations, queries);
    const results: Array<{ shape: string; near: Rate; resolver: Rate; boxScan: Rate; scan: Rate; avgHits: number }> = [];

    for (const shape of SHAPES) {
      const q = (i: number): NearbyQuery => ({ ...points[i % points.length], system: 'WGS84', ...shape });
      // Agreement first: the index must find what the scan finds.
      let hits = 0;
      for (let i = 0; i < scanQueries; i++) {
        const near = (await stationsNear(store, q(i))).map((h) => h.station.id);
        const scan = await scanNear(store, q(i));
        const boxScan = await boxScanNear(store, q(i));
        if (JSON.stringify(near) !== JSON.stringify(scan) || JSON.stringify(boxScan) !== JSON.stringify(scan)) {
          throw new Error(`near and scan disagree on ${JSON.stringify(q(i))}`);
        }
        hits += near.length;
      }
      await timed(Math.min(200, queries), (i) => stationsNear(store, q(i))); // warm-up
      const near = await timed(queries, (i) => stationsNear(store, q(i)));
      const resolver = await timed(queries, async (i) => {
        const p = points[i % points.length];
        const r = await execute({
          schema, document, contextValue: createContext(store),
          variableValues: { lng: p.lng, lat: p.lat, within: shape.withinMeters, kinds: shape.kinds, facilities: shape.facilities, first: shape.first },
        });
        if (r.errors) throw r.errors[0];
      });
      const boxScan = await timed(scanQueries, (i) => boxScanNear(store, q(i)));
      const scan = await timed(scanQueries, (i) => scanNear(store, q(i)));
      results.push({ shape: shape.name, near, resolver, boxScan, scan, avgHits: hits / scanQueries });
    }

    const cpuToo = store.dialect === 'sqlite';
    const rate = (r: Rate) => (cpuToo ? `${fmt(r.wall)} (${fmt(r.cpu)} per CPU-s)` : fmt(r.wall));
    console.log(`\nstationsNear over ${count.toLocaleString('en')} stations (${store.dialect}), queries/s, one client${cpuToo ? ' (per CPU-second in brackets)' : ''}:`);
    console.table(results.map((r) => ({
      query: r.shape, 'avg hits': r.avgHits.toFixed(1), 'near (store)': rate(r.near), 'near (resolver)': rate(r.resolver),
      'box, no index': rate(r.boxScan), 'brute-force scan': rate(r.scan), 'near/scan': Math.round(r.near.wall / r.scan.wall),
    })));
    const nearVsScan = results[0].near.wall / results[0].scan.wall;
    console.log(`nearVsScan: ${Math.round(nearVsScan)}`);
  } finally {
    await store.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
