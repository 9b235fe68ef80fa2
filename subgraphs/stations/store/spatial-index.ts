import { boxAround, type LngLat } from '../../../core/geo';
import type { Store } from '../../../core/store/database';
import { LAT_BANDS_PER_DEGREE } from '../../../core/store/migrations/008_stations_spatial';
import { STATION_KINDS } from '../../../schema/enums';
import { stationWhere, type StationQuery } from './stations';

/**
 * Reading the spatial index of 008_stations_spatial: stations are filed under latitude bands
 * (0.01°, about 1.1 km) and, within a band, by kind and longitude. A circle's bounding box becomes
 * one index range per band it crosses and kind asked for, so the entries read grow with the
 * circle's area (and the share of the kinds wanted), not with the table.
 */

/** The band a latitude is filed under: the migration's generated column, computed the same way. */
export function latitudeBand(lat: number): number {
  return Math.floor((lat + 90) * LAT_BANDS_PER_DEGREE);
}

/** Every band from the box's southern edge to its northern edge. */
export function bandsBetween(minLat: number, maxLat: number): number[] {
  const bands: number[] = [];
  for (let b = latitudeBand(minLat); b <= latitudeBand(maxLat); b++) bands.push(b);
  return bands;
}

/** A 50 km circle crosses 91 bands; far more only happens near the poles. */
const MAX_BANDS = 200;

export interface LocatedStation {
  id: string;
  point: LngLat;
}

/** The filters stationsNear applies in SQL, before any limit. */
export type NearbyFilter = Pick<StationQuery, 'kinds' | 'facilities' | 'cities'>;

/**
 * Stations (not deleted, matching the filter) whose stored WGS-84 point lies in the bounding box
 * of a circle. Every station within the circle is among them; the caller measures the distances.
 */
export async function stationsInCircleBox(store: Store, center: LngLat, meters: number, filter: NearbyFilter): Promise<LocatedStation[]> {
  const box = boxAround(center, meters);
  const bands = bandsBetween(box.minLat, box.maxLat);
  const rows = await store.db
    .selectFrom('stations')
    .select(['id', 'lng', 'lat'])
    // A box that reaches a pole spans thousands of bands: read it by latitude instead (never in Zhejiang).
    .$if(bands.length <= MAX_BANDS, (qb) => qb.where('lat_band', 'in', bands))
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    // Always a kind list, all three when the caller has none, so that the index is sought by
    // (band, kind) and read along lng (ingest only stores canonical kinds).
    .where((eb) => stationWhere(eb, { ...filter, kinds: filter.kinds?.length ? filter.kinds : STATION_KINDS }))
    .execute();
  const located: LocatedStation[] = [];
  for (const r of rows) {
    // lat_band is only non-null when lat is; lng null with lat set would be a broken row.
    if (r.lng !== null && r.lat !== null) located.push({ id: r.id, point: { lng: Number(r.lng), lat: Number(r.lat) } });
  }
  return located;
}
