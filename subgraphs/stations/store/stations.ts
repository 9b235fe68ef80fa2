import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { isValidLngLat, type LngLat } from '../../../core/geo';
import type { Store } from '../../../core/store/database';
import type { HubTables, StationsTable } from '../../../core/store/tables';
import type { City, Facility, StationKind, UpgradeStatus } from '../../../schema/enums';
import { containsPattern, defineLoader, jsonList, likeEscaped, manyByKey, toConnection, toCount, type ConnectionValue, type PageRequest } from '../../kit';

export interface StationValue {
  id: string;
  name: string;
  kind: StationKind;
  hostUnionId: string | null;
  divisionCode: string | null;
  city: City | null;
  address: string | null;
  /** WGS-84, or null when the upstream's coordinates were missing or unusable. */
  point: { lng: number; lat: number } | null;
  facilities: Facility[];
  hours: string | null;
  upgrade: { status: UpgradeStatus; year: number | null };
}

export interface StationQuery {
  cities?: readonly City[] | null;
  kinds?: readonly StationKind[] | null;
  facilities?: readonly Facility[] | null;
  upgradeStatus?: UpgradeStatus | null;
  upgradeYear?: number | null;
}

export function toStationValue(row: StationsTable): StationValue {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as StationKind,
    hostUnionId: row.host_union_id,
    divisionCode: row.division_code,
    city: row.city as City | null,
    address: row.address,
    point: pointOf(row),
    facilities: jsonList<Facility>(row.facilities),
    hours: row.hours,
    upgrade: { status: row.upgrade_status as UpgradeStatus, year: row.upgrade_year },
  };
}

/** The stored WGS-84 point; a pair that is not a longitude/latitude (never written by ingest) counts as none. */
function pointOf(row: Pick<StationsTable, 'lng' | 'lat'>): LngLat | null {
  if (row.lng === null || row.lat === null) return null;
  const point = { lng: Number(row.lng), lat: Number(row.lat) };
  return isValidLngLat(point) ? point : null;
}

export function stationWhere(eb: ExpressionBuilder<HubTables, 'stations'>, q: StationQuery): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [eb('stations.deleted', '=', 0)];
  if (q.cities?.length) conditions.push(eb('stations.city', 'in', [...q.cities]));
  if (q.kinds?.length) conditions.push(eb('stations.kind', 'in', [...q.kinds]));
  // Facilities are a JSON text list; matching the quoted value works the same on both dialects.
  // A station must have every facility asked for (a rider wants water AND charging).
  for (const facility of q.facilities ?? []) conditions.push(likeEscaped(eb.ref('stations.facilities'), containsPattern(`"${facility}"`)));
  if (q.upgradeStatus) conditions.push(eb('stations.upgrade_status', '=', q.upgradeStatus));
  if (q.upgradeYear !== null && q.upgradeYear !== undefined) conditions.push(eb('stations.upgrade_year', '=', q.upgradeYear));
  return eb.and(conditions);
}

export async function stationsPage(store: Store, q: StationQuery, page: PageRequest): Promise<ConnectionValue<StationValue>> {
  const rows = await store.db
    .selectFrom('stations')
    .selectAll()
    .where((eb) => stationWhere(eb, q))
    .$if(page.afterKey !== null, (qb) => qb.where('stations.id', '>', page.afterKey as string))
    .orderBy('stations.id')
    .limit(page.first + 1)
    .execute();
  const count = async () => {
    const row = await store.db
      .selectFrom('stations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => stationWhere(eb, q))
      .executeTakeFirst();
    return toCount(row?.n);
  };
  return toConnection(rows.map(toStationValue), page, (s) => s.id, count);
}

/** Live (not deleted) stations by id, one query. */
export async function stationsByIds(store: Store, ids: readonly string[]): Promise<Map<string, StationValue>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db.selectFrom('stations').selectAll().where('id', 'in', [...ids]).where('deleted', '=', 0).execute();
  return new Map(rows.map((r) => [r.id, toStationValue(r)]));
}

export const stationLoader = defineLoader<string, StationValue | null>('stationById', async (store, ids) => {
  const byId = await stationsByIds(store, ids);
  return ids.map((id) => byId.get(id) ?? null);
});

/** Stations by host union, one query per batch of unions. */
export const stationsByHostLoader = defineLoader<string, StationValue[]>('stationsByHostUnion', async (store, unionIds) => {
  const rows = await store.db
    .selectFrom('stations')
    .selectAll()
    .where('host_union_id', 'in', [...unionIds])
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  return manyByKey(unionIds, rows.map(toStationValue), (s) => s.hostUnionId as string);
});
