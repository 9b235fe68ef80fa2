/**
 * Map coordinates. GPS gives WGS-84; Amap and Tencent use GCJ-02 (about 0.5 km off in Zhejiang);
 * Baidu uses BD-09 (about 1.1 km off). The hub stores WGS-84 and converts on the way in and on
 * request (DOMAIN.md, "Map coordinates").
 */
import gcoord, { type CRSTypes } from 'gcoord';
import { InputError } from './errors';
import type { CoordSystem } from '../schema/enums';

export interface LngLat {
  lng: number;
  lat: number;
}

/** Mean Earth radius (IUGG R1), the usual choice for haversine distances. */
const EARTH_RADIUS_M = 6371008.8;

const GCOORD_CRS: Record<CoordSystem, CRSTypes> = {
  WGS84: gcoord.WGS84,
  GCJ02: gcoord.GCJ02,
  BD09: gcoord.BD09,
};

/**
 * Converts a point between WGS-84, GCJ-02 and BD-09. Round trips are accurate to under 1 m in
 * Zhejiang. Outside mainland China gcoord leaves GCJ-02 equal to WGS-84 (the offset only applies
 * in China), which is what Amap and Tencent do too.
 * Throws InputError for non-finite or out-of-range coordinates rather than converting garbage.
 */
export function convertPoint(p: LngLat, from: CoordSystem, to: CoordSystem): LngLat {
  if (!isValidLngLat(p)) {
    throw new InputError('coordinates', 'RANGE', 'longitude must be in [-180, 180] and latitude in [-90, 90]');
  }
  if (from === to) return { lng: p.lng, lat: p.lat };
  // gcoord mutates its GeoJSON input in place: hand it a fresh array so the caller's data is untouched.
  const [lng, lat] = gcoord.transform<[number, number]>([p.lng, p.lat], GCOORD_CRS[from], GCOORD_CRS[to]);
  return { lng, lat };
}

function toRadians(deg: number): number {
  return (deg * Math.PI) / 180;
}

/** Great-circle distance in metres (haversine; good to ~0.5% against the ellipsoid, plenty for "15-minute circles"). */
export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  // min() guards against h creeping above 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Zhejiang's bounding box: lng 118.0–123.3, lat 27.0–31.3 (the province spans roughly
 * 118.0–122.9 E including the Zhoushan islands, 27.0–31.2 N). A box, not the border polygon: it is
 * a plausibility check that catches swapped lng/lat, zeros and points in other provinces far away,
 * but it also admits slivers of Anhui, Jiangxi, Fujian, Shanghai and the sea. Use division codes,
 * not coordinates, to decide which city a station belongs to.
 */
const ZHEJIANG_BOX = { minLng: 118.0, maxLng: 123.3, minLat: 27.0, maxLat: 31.3 } as const;

export function isInZhejiang(p: LngLat): boolean {
  return (
    isValidLngLat(p) &&
    p.lng >= ZHEJIANG_BOX.minLng &&
    p.lng <= ZHEJIANG_BOX.maxLng &&
    p.lat >= ZHEJIANG_BOX.minLat &&
    p.lat <= ZHEJIANG_BOX.maxLat
  );
}

/** Finite numbers, longitude in [-180, 180], latitude in [-90, 90]. */
export function isValidLngLat(p: LngLat): boolean {
  return (
    typeof p.lng === 'number' &&
    typeof p.lat === 'number' &&
    Number.isFinite(p.lng) &&
    Number.isFinite(p.lat) &&
    Math.abs(p.lng) <= 180 &&
    Math.abs(p.lat) <= 90
  );
}

/** A latitude/longitude rectangle (degrees, WGS-84). */
export interface LngLatBox {
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
}

/** About a centimetre: covers the rounding of the trigonometry below. */
const BOX_PAD_DEGREES = 1e-7;

/**
 * The smallest lat/lng rectangle holding every point within `meters` (great-circle, on the same
 * sphere as haversineMeters) of `center`: the prefilter of a radius search, exact rather than
 * padded by a guess. Latitude spans ±d (d = meters / R, the angular radius); longitude spans
 * ±asin(sin d / cos lat), the widest the circle gets (at a latitude a little poleward of the
 * centre, not at the centre's own). When the circle reaches a pole, or the span would cross the
 * antimeridian, every longitude is taken: correct, merely less selective, and not in Zhejiang.
 */
export function boxAround(center: LngLat, meters: number): LngLatBox {
  const d = Math.max(0, meters) / EARTH_RADIUS_M;
  const dLat = (d * 180) / Math.PI + BOX_PAD_DEGREES;
  const minLat = Math.max(-90, center.lat - dLat);
  const maxLat = Math.min(90, center.lat + dLat);
  const ratio = Math.sin(Math.min(d, Math.PI / 2)) / Math.cos(toRadians(center.lat));
  if (!(ratio < 1) || minLat <= -90 || maxLat >= 90) return { minLng: -180, maxLng: 180, minLat, maxLat };
  const dLng = (Math.asin(ratio) * 180) / Math.PI + BOX_PAD_DEGREES;
  const minLng = center.lng - dLng;
  const maxLng = center.lng + dLng;
  if (minLng < -180 || maxLng > 180) return { minLng: -180, maxLng: 180, minLat, maxLat };
  return { minLng, maxLng, minLat, maxLat };
}
