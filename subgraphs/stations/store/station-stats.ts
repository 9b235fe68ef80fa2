import type { Store } from '../../../core/store/database';
import { STATION_KINDS, type City, type StationKind } from '../../../schema/enums';
import { defineLoader, toCount } from '../../kit';

export interface StationStatsValue {
  city: City | null;
  total: number;
  byKind: Array<{ kind: StationKind; count: number }>;
  upgradesCompletedByYear: Array<{ year: number; count: number }>;
}

function visible(store: Store, city: City | null) {
  return store.db
    .selectFrom('stations')
    .where('deleted', '=', 0)
    .$if(city !== null, (qb) => qb.where('city', '=', city));
}

/** Stations per kind, every kind listed (zeros included) in the enum's order. */
export async function stationsByKind(store: Store, city: City | null): Promise<Array<{ kind: StationKind; count: number }>> {
  const rows = await visible(store, city)
    .select((eb) => ['kind', eb.fn.countAll().as('n')])
    .groupBy('kind')
    .execute();
  return STATION_KINDS.map((kind) => ({ kind, count: toCount(rows.find((r) => r.kind === kind)?.n) }));
}

/** COMPLETED upgrades per year, ascending; stations without a year are left out. */
export async function upgradesCompletedByYear(store: Store, city: City | null): Promise<Array<{ year: number; count: number }>> {
  const rows = await visible(store, city)
    .select((eb) => ['upgrade_year', eb.fn.countAll().as('n')])
    .where('upgrade_status', '=', 'COMPLETED')
    .where('upgrade_year', 'is not', null)
    .groupBy('upgrade_year')
    .orderBy('upgrade_year')
    .execute();
  return rows.map((r) => ({ year: Number(r.upgrade_year), count: toCount(r.n) }));
}

export async function stationStats(store: Store, city: City | null): Promise<StationStatsValue> {
  const [byKind, upgrades] = await Promise.all([stationsByKind(store, city), upgradesCompletedByYear(store, city)]);
  return { city, total: byKind.reduce((s, k) => s + k.count, 0), byKind, upgradesCompletedByYear: upgrades };
}

/**
 * Per request and city ('' for the province): Overview asks for `stations` and `driversHomes`
 * together, and both come from the same GROUP BY.
 */
export const stationsByKindLoader = defineLoader<string, Array<{ kind: StationKind; count: number }>>('stationsByKind', (store, cities) =>
  Promise.all(cities.map((c) => stationsByKind(store, c === '' ? null : (c as City)))),
);
