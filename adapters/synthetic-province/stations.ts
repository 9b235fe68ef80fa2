import { CITIES, FACILITIES, type City, type Facility, type StationKind, type UpgradeStatus } from '../../schema/enums';
import type { GenerationContext } from './context';
import { CITY_NAMES, countiesOf, zhejiangCounties, type County } from './divisions';
import { stationHost, streetAddress } from './names';
import type { Organizations } from './organizations';
import {
  CITY_WEIGHT_LIST, LINAN_COUNTY, LINAN_LOVE_STATIONS, STATIONS_WITHOUT_COORDINATES, STATION_KIND_COUNTS, UPGRADE_MIX,
} from './plan';
import { apportion, type Rng } from './random';
import { ownerOf } from './systems';
import { DAY_MS, dayOf, isoInstant } from './time';

/**
 * Service stations, the same at every scale: 2,581 union stations (工会驿站), 159 drivers' homes
 * (司机之家), 260 love stations (爱心驿家, 13 of them in Lin'an); 1,239 upgrades completed in 2024.
 * Coordinates are WGS-84 near the city centre (a few km of jitter); five stations have none.
 */

/** Rough WGS-84 centres of the cities' main urban areas, and how far stations spread (degrees). */
const CITY_CENTRES: Record<City, { lng: number; lat: number; spread: number }> = {
  HANGZHOU: { lng: 120.1551, lat: 30.2741, spread: 0.08 },
  NINGBO: { lng: 121.5503, lat: 29.8746, spread: 0.07 },
  WENZHOU: { lng: 120.6994, lat: 27.9943, spread: 0.06 },
  JIAXING: { lng: 120.7555, lat: 30.7461, spread: 0.05 },
  HUZHOU: { lng: 120.0881, lat: 30.8936, spread: 0.05 },
  SHAOXING: { lng: 120.5802, lat: 30.0300, spread: 0.06 },
  JINHUA: { lng: 119.6474, lat: 29.0791, spread: 0.06 },
  QUZHOU: { lng: 118.8595, lat: 28.9700, spread: 0.04 },
  // Dinghai, on Zhoushan island: a small spread keeps stations on land more often than not.
  ZHOUSHAN: { lng: 122.1070, lat: 30.0160, spread: 0.025 },
  TAIZHOU: { lng: 121.4208, lat: 28.6564, spread: 0.05 },
  LISHUI: { lng: 119.9229, lat: 28.4676, spread: 0.04 },
};

const HOURS: readonly string[] = ['08:00-20:00', '24h', '07:00-21:00', '09:00-18:00'];
const HOURS_WEIGHTS = [50, 20, 20, 10];

/** Every station offers rest and water (the "八有" standard starts there); kinds add the rest. */
const FACILITY_ODDS: Record<StationKind, Partial<Record<Facility, number>>> = {
  UNION_STATION: { REST: 1, WATER: 1, MEAL_HEATING: 0.8, CHARGING: 0.75, TOILET: 0.7, FIRST_AID: 0.6, WIFI: 0.5, READING: 0.4 },
  DRIVERS_HOME: { REST: 1, WATER: 1, MEAL_HEATING: 1, CHARGING: 1, TOILET: 1, FIRST_AID: 0.8, WIFI: 0.7, READING: 0.5 },
  LOVE_STATION: { REST: 1, WATER: 1, MEAL_HEATING: 1, CHARGING: 0.5, TOILET: 0.5, FIRST_AID: 0.4, WIFI: 0.3, READING: 0.2 },
};

interface StationSlot {
  city: City;
  kind: StationKind;
  county: County | null;
}

/** The 3,000 stations by city and kind, in a fixed order. */
function stationSlots(): StationSlot[] {
  const slots: StationSlot[] = [];
  const drivers = apportion(STATION_KIND_COUNTS.DRIVERS_HOME, CITY_WEIGHT_LIST, 3);
  const love = apportion(STATION_KIND_COUNTS.LOVE_STATION - LINAN_LOVE_STATIONS, CITY_WEIGHT_LIST, 5);
  const union = apportion(STATION_KIND_COUNTS.UNION_STATION, CITY_WEIGHT_LIST, 40);
  const linan = zhejiangCounties().find((c) => c.code === LINAN_COUNTY) ?? null;
  CITIES.forEach((city, i) => {
    for (let k = 0; k < union[i]; k++) slots.push({ city, kind: 'UNION_STATION', county: null });
    for (let k = 0; k < drivers[i]; k++) slots.push({ city, kind: 'DRIVERS_HOME', county: null });
    for (let k = 0; k < love[i]; k++) slots.push({ city, kind: 'LOVE_STATION', county: null });
    if (city === 'HANGZHOU') for (let k = 0; k < LINAN_LOVE_STATIONS; k++) slots.push({ city, kind: 'LOVE_STATION', county: linan });
  });
  return slots;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function facilitiesOf(kind: StationKind, rng: Rng): string {
  const odds = FACILITY_ODDS[kind];
  return FACILITIES.filter((f) => rng.chance(odds[f] ?? 0)).join(',');
}

function stationName(kind: StationKind, county: County, rng: Rng): string {
  const place = county.streets.length > 0 ? rng.pick(county.streets) : county.name;
  switch (kind) {
    case 'UNION_STATION': return `${place}${stationHost(rng)}工会驿站`;
    case 'DRIVERS_HOME': return `${county.name}${rng.pick(['物流园', '货运市场', '高速服务区', '客运中心', '加油站'])}司机之家`;
    case 'LOVE_STATION': return `${place}${rng.pick(['药店', '餐厅', '便利店', '社区食堂'])}爱心驿家`;
  }
}

type Upgrade = (typeof UPGRADE_MIX)[number];
const NO_UPGRADE: Upgrade = { status: 'NONE', year: null, count: 0 };

/**
 * Upgrade statuses are dealt like cards. Shaoxing's contract carries no upgrade fields, so its
 * stations get none (what the hub can know is what the ground truth says); the 2024 completions
 * (1,239, the article's figure) are dealt first to the other cities' stations, then the rest of the
 * mix for as long as stations remain.
 */
function dealUpgrades(ctx: GenerationContext, slots: ReturnType<typeof stationSlots>): Upgrade[] {
  const cards = ctx.rng('station-upgrades').shuffle(UPGRADE_MIX.flatMap((u) => Array.from({ length: u.count }, () => u)));
  if (cards.length !== slots.length) throw new Error(`upgrade mix (${cards.length}) and stations (${slots.length}) differ`);
  const ordered = [...cards.filter((c) => c.status === 'COMPLETED' && c.year === 2024), ...cards.filter((c) => !(c.status === 'COMPLETED' && c.year === 2024))];
  const carrying = ctx.rng('station-upgrade-slots').shuffle(slots.map((s, i) => (s.city === 'SHAOXING' ? -1 : i)).filter((i) => i >= 0));
  const dealt: Upgrade[] = slots.map(() => NO_UPGRADE);
  carrying.forEach((slotIndex, k) => { dealt[slotIndex] = ordered[k] ?? NO_UPGRADE; });
  return dealt;
}

export function generateStations(ctx: GenerationContext, orgs: Organizations): void {
  const slots = stationSlots();
  const plan = ctx.plan;
  const upgrades = dealUpgrades(ctx, slots);
  const withoutCoordinates = new Set(ctx.rng('stations-without-coordinates').shuffle(slots.map((_, i) => i)).slice(0, STATIONS_WITHOUT_COORDINATES));

  slots.forEach((slot, i) => {
    const rng = ctx.rng('station', i);
    const county = slot.county ?? rng.pick(countiesOf(slot.city));
    const pools = orgs.counties.get(county.code);
    if (!pools) throw new Error(`no unions in county ${county.code}`);
    // Drivers' homes are run by county federations; other stations by a street federation or a
    // lively grassroots union (never a quiet one: a station's changes would make it look alive).
    const host = slot.kind === 'DRIVERS_HOME'
      ? pools.federationId
      : rng.chance(0.6) && pools.grassrootsIds.length > 0 ? rng.pick(pools.grassrootsIds)
        : pools.regionalIds.length > 0 ? rng.pick(pools.regionalIds) : pools.federationId;
    const upgrade = upgrades[i];
    const centre = CITY_CENTRES[slot.city];
    const located = !withoutCoordinates.has(i);
    const lng = round6(centre.lng + (rng.float() * 2 - 1) * centre.spread);
    const lat = round6(centre.lat + (rng.float() * 2 - 1) * centre.spread);
    // A completed upgrade shows up as a change in its year (or later, within the two-year window).
    const from = Math.max(plan.windowStartDay, upgrade.status === 'COMPLETED' && upgrade.year ? dayOf(`${upgrade.year}-01-01`) : 0);
    const updatedMs = rng.int(from, plan.asOfDay - 1) * DAY_MS + rng.int(0, DAY_MS - 1);
    const system = ownerOf('stations', slot.city);
    const id = ctx.ids.next(system, 'stations');
    ctx.insert('stations', {
      id, system, city: slot.city, division: county.code, name: stationName(slot.kind, county, rng), kind: slot.kind,
      host_union_id: host, address: streetAddress(rng, CITY_NAMES[slot.city], county.name),
      lng: located ? lng : null, lat: located ? lat : null, facilities: facilitiesOf(slot.kind, rng),
      hours: rng.weighted(HOURS, HOURS_WEIGHTS), upgrade_status: upgrade.status satisfies UpgradeStatus,
      upgrade_year: upgrade.year, updated_at: isoInstant(updatedMs), deleted: 0,
    });
    if (!located) ctx.truth.missingCoordinateStationIds.push(id);
    ctx.truth.station(slot.city, slot.kind, upgrade.status === 'COMPLETED' ? upgrade.year : null, located);
  });
}
