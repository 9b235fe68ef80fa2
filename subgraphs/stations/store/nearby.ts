import { InputError } from '../../../core/errors';
import { convertPoint, haversineMeters, type LngLat } from '../../../core/geo';
import type { Store } from '../../../core/store/database';
import type { CoordSystem, Facility, StationKind } from '../../../schema/enums';
import { validateFirst } from '../../kit';
import { stationWhere, toStationValue, type StationValue } from './stations';

export interface NearbyQuery {
  lng: number;
  lat: number;
  system: CoordSystem;
  withinMeters: number;
  kinds?: readonly StationKind[] | null;
  facilities?: readonly Facility[] | null;
  first: number;
}

export interface StationHitValue {
  station: StationValue;
  distanceMeters: number;
}

/** A 15-minute service circle is a few km; 50 km bounds the candidate set a query can pull in. */
export const MAX_RADIUS_METERS = 50_000;
export const MAX_HITS = 100;
const METERS_PER_DEGREE_LAT = 111_195; // mean Earth radius × π / 180, as haversineMeters uses

/**
 * Stations within a radius, nearest first: the input converted to WGS-84 (what the store holds),
 * a lat/lng bounding box prefilter in SQL (an index-friendly range), then the exact haversine
 * distance in code. The box is a little larger than the circle, so nothing inside is missed.
 */
export async function stationsNear(store: Store, q: NearbyQuery): Promise<StationHitValue[]> {
  const first = validateNearby(q);
  const center = convertPoint({ lng: q.lng, lat: q.lat }, q.system, 'WGS84');
  const box = boundingBox(center, q.withinMeters);
  const rows = await store.db
    .selectFrom('stations')
    .selectAll()
    .where((eb) => stationWhere(eb, { kinds: q.kinds, facilities: q.facilities }))
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    .execute();
  return rows
    .map(toStationValue)
    .flatMap((station) => {
      if (!station.point) return [];
      const distance = haversineMeters(center, station.point);
      return distance <= q.withinMeters ? [{ station, distanceMeters: Math.round(distance * 10) / 10 }] : [];
    })
    .sort((a, b) => a.distanceMeters - b.distanceMeters || a.station.id.localeCompare(b.station.id))
    .slice(0, first);
}

function validateNearby(q: NearbyQuery): number {
  if (!Number.isFinite(q.lng) || Math.abs(q.lng) > 180) throw new InputError('lng', 'RANGE', `lng must be within -180…180, got ${q.lng}`);
  if (!Number.isFinite(q.lat) || Math.abs(q.lat) > 90) throw new InputError('lat', 'RANGE', `lat must be within -90…90, got ${q.lat}`);
  if (!Number.isInteger(q.withinMeters) || q.withinMeters <= 0 || q.withinMeters > MAX_RADIUS_METERS) {
    throw new InputError('withinMeters', 'RANGE', `withinMeters must be 1…${MAX_RADIUS_METERS}, got ${q.withinMeters}`);
  }
  return validateFirst(q.first, 10, MAX_HITS);
}

export function boundingBox(center: LngLat, meters: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const padded = meters * 1.01;
  const dLat = padded / METERS_PER_DEGREE_LAT;
  const cosLat = Math.cos((center.lat * Math.PI) / 180);
  // Near the poles a degree of longitude shrinks to nothing: take every longitude.
  const dLng = cosLat < 0.01 ? 360 : dLat / cosLat;
  return { minLat: center.lat - dLat, maxLat: center.lat + dLat, minLng: center.lng - dLng, maxLng: center.lng + dLng };
}
