import { convertPoint, haversineMeters, isInZhejiang, isValidLngLat, type LngLat } from '../../core/geo';
import type { CoordSystem } from '../../schema/enums';
import { InputError } from '../../core/errors';

// DOMAIN.md check point (Hangzhou)
const CHECK: Record<CoordSystem, LngLat> = {
  WGS84: { lng: 120.1503589, lat: 30.2764043 },
  GCJ02: { lng: 120.1550722, lat: 30.274088 },
  BD09: { lng: 120.1616149, lat: 30.2799982 },
};

const DIRECTIONS: Array<[CoordSystem, CoordSystem]> = [
  ['WGS84', 'GCJ02'],
  ['WGS84', 'BD09'],
  ['GCJ02', 'WGS84'],
  ['GCJ02', 'BD09'],
  ['BD09', 'WGS84'],
  ['BD09', 'GCJ02'],
];

describe('convertPoint', () => {
  it.each(DIRECTIONS)('%s → %s lands within 1 m of the DOMAIN.md check point', (from, to) => {
    const out = convertPoint(CHECK[from], from, to);
    expect(haversineMeters(out, CHECK[to])).toBeLessThan(1);
  });

  it('really moves the point (offsets of roughly 0.5 km and 1.1 km)', () => {
    const gcj = convertPoint(CHECK.WGS84, 'WGS84', 'GCJ02');
    const bd = convertPoint(CHECK.WGS84, 'WGS84', 'BD09');
    expect(haversineMeters(gcj, CHECK.WGS84)).toBeGreaterThan(400);
    expect(haversineMeters(gcj, CHECK.WGS84)).toBeLessThan(700);
    expect(haversineMeters(bd, CHECK.WGS84)).toBeGreaterThan(900);
    expect(haversineMeters(bd, CHECK.WGS84)).toBeLessThan(1300);
  });

  it('does not mutate its input and returns a new object for identity conversions', () => {
    const p = { ...CHECK.GCJ02 };
    convertPoint(p, 'GCJ02', 'WGS84');
    expect(p).toEqual(CHECK.GCJ02);
    const same = convertPoint(p, 'BD09', 'BD09');
    expect(same).toEqual(p);
    expect(same).not.toBe(p);
  });

  it('round-trips WGS84 → BD09 → WGS84 within 1 m', () => {
    const back = convertPoint(convertPoint(CHECK.WGS84, 'WGS84', 'BD09'), 'BD09', 'WGS84');
    expect(haversineMeters(back, CHECK.WGS84)).toBeLessThan(1);
  });

  it('rejects invalid coordinates with an InputError', () => {
    expect(() => convertPoint({ lng: Number.NaN, lat: 30 }, 'WGS84', 'GCJ02')).toThrow(InputError);
    expect(() => convertPoint({ lng: 30, lat: 120 }, 'WGS84', 'GCJ02')).toThrow(InputError);
  });
});

describe('haversineMeters', () => {
  it('is zero for the same point and symmetric', () => {
    expect(haversineMeters(CHECK.WGS84, CHECK.WGS84)).toBe(0);
    expect(haversineMeters(CHECK.WGS84, CHECK.BD09)).toBeCloseTo(haversineMeters(CHECK.BD09, CHECK.WGS84), 9);
  });

  it('gives one degree of latitude as about 111.195 km (R = 6371008.8 m)', () => {
    expect(haversineMeters({ lng: 120, lat: 30 }, { lng: 120, lat: 31 })).toBeCloseTo((Math.PI / 180) * 6371008.8, 3);
  });

  it('gives half the circumference for antipodal points', () => {
    expect(haversineMeters({ lng: 0, lat: 0 }, { lng: 180, lat: 0 })).toBeCloseTo(Math.PI * 6371008.8, 3);
  });

  it('measures Hangzhou to Ningbo at roughly 145 km', () => {
    const d = haversineMeters({ lng: 120.1551, lat: 30.2741 }, { lng: 121.5503, lat: 29.8746 });
    expect(d).toBeGreaterThan(135_000);
    expect(d).toBeLessThan(155_000);
  });
});

describe('isInZhejiang / isValidLngLat', () => {
  it.each([
    ['Hangzhou', { lng: 120.15, lat: 30.27 }],
    ['Zhoushan', { lng: 122.2, lat: 30.0 }],
    ['Lishui', { lng: 119.92, lat: 28.45 }],
    ['Wenzhou', { lng: 120.7, lat: 28.0 }],
  ])('accepts %s', (_name, p) => expect(isInZhejiang(p)).toBe(true));

  it.each([
    ['Beijing', { lng: 116.4, lat: 39.9 }],
    ['swapped lng/lat', { lng: 30.27, lat: 120.15 }],
    ['null island', { lng: 0, lat: 0 }],
    ['Nanjing', { lng: 118.8, lat: 32.06 }],
    ['Fuzhou', { lng: 119.3, lat: 26.08 }],
    ['NaN', { lng: Number.NaN, lat: 30 }],
  ])('rejects %s', (_name, p) => expect(isInZhejiang(p)).toBe(false));

  it('validates ranges and finiteness', () => {
    expect(isValidLngLat({ lng: 180, lat: -90 })).toBe(true);
    expect(isValidLngLat({ lng: -180, lat: 90 })).toBe(true);
    expect(isValidLngLat({ lng: 180.0001, lat: 0 })).toBe(false);
    expect(isValidLngLat({ lng: 0, lat: -90.1 })).toBe(false);
    expect(isValidLngLat({ lng: Number.POSITIVE_INFINITY, lat: 0 })).toBe(false);
    expect(isValidLngLat({ lng: 0, lat: Number.NaN })).toBe(false);
  });
});
