import type { CanonicalChange, DataIssueDraft } from '../../schema/model';
import { cityOfDivision } from '../../core/division';
import { convertPoint, isValidLngLat, type LngLat } from '../../core/geo';
import { checkDivision, checkLocation } from '../pipeline/canonical-fields';
import { FieldProblem, type RecordReader } from '../pipeline/record-reader';
import { SERVICE, STATION_KIND } from './code-tables';
import type { MapContext } from './map';
import { code, codeList } from './read-codes';

/**
 * Shaoxing's 服务阵地 (station) record. Coordinates are BD-09 (Baidu): converted to WGS-84, the one
 * system the hub stores. Missing or unusable coordinates leave the station without a location and
 * say so (a data issue), never drop it. The contract carries no upgrade project, so none is known.
 */
export function mapStation({ r, id, version, city }: MapContext): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = r.optString('district');
  if (divisionCode !== null && !/^\d{6}$/.test(divisionCode)) {
    throw new FieldProblem('district', 'FORMAT', `district must be a 6-digit division code, got "${divisionCode}"`);
  }
  const reportedCity = city ?? (divisionCode ? cityOfDivision(divisionCode) : null);
  checkDivision(divisionCode, reportedCity, 'district', issues);
  const bd09 = readBd09(r);
  return {
    entity: 'station', op: 'upsert', issues,
    record: {
      system: 'shaoxing-internet-plus', sourceId: id, version,
      name: r.string('name'),
      kind: code(r, 'kind', STATION_KIND),
      hostUnionSourceId: r.optString('hostUnionId'),
      divisionCode,
      city: reportedCity,
      address: r.optString('address'),
      location: checkLocation(bd09 ? convertPoint(bd09, 'BD09', 'WGS84') : null, 'bdLng/bdLat', issues),
      facilities: codeList(r, 'services', SERVICE, ','),
      hours: r.optString('hours'),
      upgradeStatus: 'NONE',
      upgradeYear: null,
    },
  };
}

/** The BD-09 point, or null when either coordinate is missing or not a usable number. */
function readBd09(r: RecordReader): LngLat | null {
  if (!r.has('bdLng') || !r.has('bdLat')) return null;
  const p = { lng: Number(String(r.value('bdLng')).trim()), lat: Number(String(r.value('bdLat')).trim()) };
  return isValidLngLat(p) ? p : null;
}
