import { index, sql, type AnyDb, type Dialect } from './columns';

/**
 * The spatial index behind stationsNear: latitude bands.
 *
 * `lat_band` = floor((lat + 90) × LAT_BANDS_PER_DEGREE), a column the database computes itself
 * from `lat` (a generated column), so every writer — the pipeline, another process, a hand-made
 * INSERT — keeps it right without knowing it exists, and no cache has to be invalidated. A band
 * is 0.01° of latitude, about 1.1 km. The index on (lat_band, kind, lng, …) turns a circle's
 * bounding box into one short index range per band and kind (`lat_band IN (…) AND kind IN (…) AND
 * lng BETWEEN …`): a 3 km circle reads 18 ranges of a few entries each, whatever the size of the
 * table.
 *
 * SQLite computes the band on read (VIRTUAL; its ALTER TABLE cannot add a STORED column) and
 * keeps it in the index; PostgreSQL (before 18) only has STORED generated columns.
 */
export const LAT_BANDS_PER_DEGREE = 100;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  // Both dialects evaluate the same IEEE double arithmetic here as JavaScript does in
  // subgraphs/stations/store/spatial-index.ts (latitudeBand), so a point is always looked for in
  // the band it was filed under. floor, not CAST alone: CAST rounds on PostgreSQL.
  const band = sql`cast(floor((lat + 90) * ${sql.lit(LAT_BANDS_PER_DEGREE)}) as integer)`;
  await db.schema
    .alterTable('stations')
    .addColumn('lat_band', 'integer', (c) => (dialect === 'postgres' ? c.generatedAlwaysAs(band).stored() : c.generatedAlwaysAs(band)))
    .execute();
  // Kind comes second so that a search for one kind seeks straight to it within each band (a
  // 20 km search for drivers' homes skips the thousands of union stations around them); a search
  // for every kind names all three. (More columns would not make it a covering index: SQLite
  // never treats an index on a VIRTUAL column as covering unless it holds every column.)
  await index(db, 'stations_spatial_ix', 'stations', ['lat_band', 'kind', 'lng']);
  // stationCoverage counts stations per county.
  await index(db, 'stations_division_ix', 'stations', ['division_code']);
}
