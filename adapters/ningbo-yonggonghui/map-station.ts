import { convertPoint, isValidLngLat, type LngLat } from '../../core/geo';
import type { City } from '../../schema/enums';
import type { CanonicalChange, DataIssueDraft } from '../../schema/model';
import { checkDivision, checkLocation } from '../pipeline/canonical-fields';
import type { RecordReader } from '../pipeline/record-reader';
import { FACILITY, STATION_KIND, UPGRADE_STATUS } from './codes';
import { code, codeList, optCode } from './fields';
import type { Header } from './map';

/**
 * One `/stations` record → a station. 甬工惠 gives Amap coordinates (GCJ-02) as two strings; the
 * hub stores WGS-84. Unusable coordinates become a data issue and no location, never a lost station.
 */
export function station(r: RecordReader, header: Header, city: City): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = r.optString('xzqh');
  checkDivision(divisionCode, city, 'xzqh', issues);
  const gcj = readGcj02(r);
  const checked = checkLocation(gcj, 'jd/wd', issues);
  const upgradeStatus = optCode(r, 'tszt', UPGRADE_STATUS) ?? 'NONE';
  return {
    entity: 'station', op: 'upsert', issues,
    record: {
      ...header,
      name: r.string('zdmc'),
      kind: code(r, 'zdlx', STATION_KIND),
      hostUnionSourceId: r.optString('ghid'),
      divisionCode,
      city,
      address: r.optString('dz'),
      location: checked ? convertPoint(checked, 'GCJ02', 'WGS84') : null,
      facilities: codeList(r, 'fwss', FACILITY),
      hours: r.optString('yysj'),
      upgradeStatus,
      upgradeYear: r.optNumber('tsnd', { integer: true, min: 1990 }),
    },
  };
}

/** `jd`/`wd` as numbers (strings per the contract, numbers tolerated); null unless both read. */
function readGcj02(r: RecordReader): LngLat | null {
  const lng = coordinate(r.value('jd'));
  const lat = coordinate(r.value('wd'));
  if (lng === null || lat === null) return null;
  const p = { lng, lat };
  return isValidLngLat(p) ? p : null;
}

function coordinate(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : null;
}
