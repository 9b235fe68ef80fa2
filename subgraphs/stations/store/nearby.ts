import { InputError } from '../../../core/errors';
import { convertPoint, haversineMeters, type LngLat } from '../../../core/geo';
import type { Store } from '../../../core/store/database';
import type { City, CoordSystem, Facility, StationKind } from '../../../schema/enums';
import { validateFirst } from '../../kit';
import { stationsInCircleBox, type LocatedStation, type NearbyFilter } from './spatial-index';
import { stationsByIds, type StationValue } from './stations';

export interface NearbyQuery {
  lng: number;
  lat: number;
  system: CoordSystem;
  withinMeters: number;
  kinds?: readonly StationKind[] | null;
  facilities?: readonly Facility[] | null;
  /** Only stations of these cities (a city admin's); null or empty: every city. */
  cities?: readonly City[] | null;
  first: number;
}

export interface StationHitValue {
  station: StationValue;
  distanceMeters: number;
}

/** A 15-minute service circle is a few km; 50 km bounds the candidate set a query can pull in. */
export const MAX_RADIUS_METERS = 50_000;
export const MAX_HITS = 100;
/**
 * Wide searches start with this circle and widen it (×3) until it holds `first` matching
 * stations or reaches `withinMeters`: in a city, 50 km would otherwise read tens of thousands of
 * rows to return ten. The default 3 km circle is read in one go.
 */
const FIRST_RING_METERS = 5_000;
const RING_GROWTH = 3;

/**
 * Stations within a radius of a point given in any coordinate system, nearest first by
 * great-circle distance, `kinds` and `facilities` applied before `first`. The point is converted
 * to WGS-84 (what the store holds); the spatial index (008_stations_spatial) yields the stations
 * in the circle's bounding box, and the exact haversine distance decides. Stations without
 * coordinates have no distance and are never hits.
 */
export async function stationsNear(store: Store, q: NearbyQuery): Promise<StationHitValue[]> {
  const first = validateNearby(q);
  if (first === 0) return [];
  const center = convertPoint({ lng: q.lng, lat: q.lat }, q.system, 'WGS84');
  const filter: NearbyFilter = { kinds: q.kinds, facilities: q.facilities, cities: q.cities };
  let radius = Math.min(q.withinMeters, FIRST_RING_METERS);
  for (;;) {
    const hits = nearestWithin(await stationsInCircleBox(store, center, radius, filter), center, radius);
    // Every station outside this circle is farther than every hit inside it: once the circle
    // holds `first` hits, they are the nearest `first` of the whole radius.
    if (hits.length >= first || radius >= q.withinMeters) return withStations(store, hits.slice(0, first));
    radius = Math.min(q.withinMeters, radius * RING_GROWTH);
  }
}

interface Hit {
  id: string;
  distance: number;
}

/** Candidates within `meters` of the centre, nearest first; equal distances in id order. */
function nearestWithin(candidates: readonly LocatedStation[], center: LngLat, meters: number): Hit[] {
  const hits: Hit[] = [];
  for (const c of candidates) {
    const distance = haversineMeters(center, c.point);
    if (distance <= meters) hits.push({ id: c.id, distance });
  }
  return hits.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function withStations(store: Store, hits: readonly Hit[]): Promise<StationHitValue[]> {
  const stations = await stationsByIds(store, hits.map((h) => h.id));
  return hits.flatMap((h) => {
    const station = stations.get(h.id);
    // Gone between the two reads (deleted meanwhile): leave it out rather than answer a stale row.
    return station ? [{ station, distanceMeters: roundDecimetre(h.distance) }] : [];
  });
}

function roundDecimetre(meters: number): number {
  return Math.round(meters * 10) / 10;
}

/** Bad input is named with its argument and rule (BAD_USER_INPUT). Returns the validated `first`. */
function validateNearby(q: NearbyQuery): number {
  if (!Number.isFinite(q.lng) || Math.abs(q.lng) > 180) {
    throw new InputError('lng', 'RANGE', `lng must be a longitude within -180…180, got ${q.lng}`);
  }
  if (!Number.isFinite(q.lat) || Math.abs(q.lat) > 90) {
    throw new InputError('lat', 'RANGE', `lat must be a latitude within -90…90, got ${q.lat}`);
  }
  if (!Number.isInteger(q.withinMeters) || q.withinMeters < 1) {
    throw new InputError('withinMeters', 'MIN', `withinMeters must be a whole number of metres of at least 1, got ${q.withinMeters}`);
  }
  if (q.withinMeters > MAX_RADIUS_METERS) {
    throw new InputError('withinMeters', 'MAX', `withinMeters must be at most ${MAX_RADIUS_METERS} (50 km), got ${q.withinMeters}`);
  }
  return validateFirst(q.first, 10, MAX_HITS);
}
