import type { StationRecord } from '../../../schema/model';
import type { StationsTable } from '../../../core/store/tables';

export function stationRow(r: StationRecord, deleted: boolean): StationsTable {
  return {
    id: r.sourceId,
    system: r.system,
    source_id: r.sourceId,
    name: r.name,
    kind: r.kind,
    host_union_id: r.hostUnionSourceId,
    division_code: r.divisionCode,
    city: r.city,
    address: r.address,
    lng: r.location?.lng ?? null,
    lat: r.location?.lat ?? null,
    facilities: JSON.stringify(r.facilities),
    hours: r.hours,
    upgrade_status: r.upgradeStatus,
    upgrade_year: r.upgradeYear,
    deleted: deleted ? 1 : 0,
    version: r.version,
    updated_at: new Date(r.version).toISOString(),
  };
}

export function stationTombstone(system: string, sourceId: string, version: number): StationsTable {
  return {
    id: sourceId, system, source_id: sourceId, name: '', kind: 'UNION_STATION', host_union_id: null, division_code: null,
    city: null, address: null, lng: null, lat: null, facilities: '[]', hours: null, upgrade_status: 'NONE', upgrade_year: null,
    deleted: 1, version, updated_at: new Date(version).toISOString(),
  };
}
