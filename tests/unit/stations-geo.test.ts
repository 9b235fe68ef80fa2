import { boxAround, convertPoint, haversineMeters, type LngLat } from '../../core/geo';
import type { CoordSystem } from '../../schema/enums';
import { bandsBetween, latitudeBand } from '../../subgraphs/stations/store/spatial-index';

/** A small seeded generator (mulberry32): the same points on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The point `meters` from `from` on the initial bearing `bearing` (radians), on haversineMeters' sphere. */
function destination(from: LngLat, meters: number, bearing: number): LngLat {
  const R = 6371008.8;
  const d = meters / R;
  const φ1 = (from.lat * Math.PI) / 180;
  const λ1 = (from.lng * Math.PI) / 180;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(bearing));
  const λ2 = λ1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  return { lng: (λ2 * 180) / Math.PI, lat: (φ2 * 180) / Math.PI };
}

describe('boxAround: the prefilter of a radius search', () => {
  it('holds every point of the circle, right up to its edge, at any latitude', () => {
    const next = random(42);
    const missed: unknown[] = [];
    for (let i = 0; i < 20_000; i++) {
      const center = { lng: -170 + next() * 340, lat: -80 + next() * 160 };
      const meters = 1 + next() * 50_000;
      const box = boxAround(center, meters);
      // Points on the circle itself (and just inside): the hardest to keep.
      const edge = destination(center, meters * (0.999 + next() * 0.001), next() * 2 * Math.PI);
      const inside = edge.lat >= box.minLat && edge.lat <= box.maxLat && edge.lng >= box.minLng && edge.lng <= box.maxLng;
      if (haversineMeters(center, edge) <= meters && !inside) missed.push({ center, meters, edge, box });
    }
    expect(missed).toEqual([]);
  });

  it('is tight: the widest point of the circle touches the box (within a metre) in Zhejiang', () => {
    const center = { lng: 120.1503589, lat: 30.2764043 };
    const box = boxAround(center, 3_000);
    // North and south edges: 3 km of latitude.
    expect(haversineMeters(center, { lng: center.lng, lat: box.maxLat })).toBeCloseTo(3_000, 0);
    expect(haversineMeters(center, { lng: center.lng, lat: box.minLat })).toBeCloseTo(3_000, 0);
    // The east edge is just reached by the circle somewhere (at a latitude slightly poleward).
    const widest = Math.max(...Array.from({ length: 3600 }, (_, k) => destination(center, 3_000, (k / 3600) * 2 * Math.PI).lng));
    expect((box.maxLng - widest) * 111_195 * Math.cos((center.lat * Math.PI) / 180)).toBeLessThan(1);
  });

  it('takes every longitude when the circle reaches a pole or the antimeridian', () => {
    expect(boxAround({ lng: 10, lat: 89.9 }, 50_000)).toMatchObject({ minLng: -180, maxLng: 180, maxLat: 90 });
    expect(boxAround({ lng: 179.9, lat: 0 }, 50_000)).toMatchObject({ minLng: -180, maxLng: 180 });
  });
});

describe('latitude bands (the spatial index of 008_stations_spatial)', () => {
  it('files a latitude under the band of its hundredth of a degree', () => {
    expect(latitudeBand(30.2764043)).toBe(12027);
    expect(latitudeBand(-90)).toBe(0);
    expect(latitudeBand(90)).toBe(18000);
  });

  it('lists every band a box crosses, and about 6 for a 3 km circle', () => {
    const box = boxAround({ lng: 120.15, lat: 30.27 }, 3_000);
    const bands = bandsBetween(box.minLat, box.maxLat);
    expect(bands[0]).toBe(latitudeBand(box.minLat));
    expect(bands[bands.length - 1]).toBe(latitudeBand(box.maxLat));
    expect(bands.length).toBeGreaterThanOrEqual(6);
    expect(bands.length).toBeLessThanOrEqual(7);
  });
});

describe('the DOMAIN.md check point in all six directions', () => {
  const CHECK: Record<CoordSystem, LngLat> = {
    WGS84: { lng: 120.1503589, lat: 30.2764043 },
    GCJ02: { lng: 120.1550722, lat: 30.274088 },
    BD09: { lng: 120.1616149, lat: 30.2799982 },
  };
  const systems: CoordSystem[] = ['WGS84', 'GCJ02', 'BD09'];
  it.each(systems.flatMap((from) => systems.filter((to) => to !== from).map((to) => [from, to] as const)))('%s → %s within 1 m', (from, to) => {
    expect(haversineMeters(convertPoint(CHECK[from], from, to), CHECK[to])).toBeLessThan(1);
  });
});
