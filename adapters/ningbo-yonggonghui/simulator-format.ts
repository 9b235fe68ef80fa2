import { convertPoint } from '../../core/geo';
import type { Facility, Occupation } from '../../schema/enums';
import type { ActivityRow, MemberRow, StationRow, UnionRow } from '../synthetic-province/store';
import {
  ACTIVITY_KIND, FACILITY, GENDER, ID_TYPE, JOIN_CHANNEL, MEMBER_STATUS, OCCUPATION, STATION_KIND, UNION_TYPE, UPGRADE_STATUS,
} from './codes';
import { formatCompactDate, formatMonth } from './local-time';
import { emptyOrAbsent, messOf, messyIdNumber, messyMobile, messyName } from './simulator-mess';

/**
 * 甬工惠's record shapes (city-apis/ningbo-yonggonghui.md), rendered from province.sqlite rows:
 * pinyin-initial field names, code tables, yyyyMMdd dates, local timestamps (`gxsj`, computed
 * when the slice is loaded), GCJ-02 coordinates as strings, "" or no field for a missing value,
 * and the messy values of simulator-mess.ts. Pushed member events carry the same records.
 */
export type NingboRecord = Record<string, string | number | undefined>;

/** A row as the simulator serves it: the stored row plus its local `gxsj`. */
export type Served<R> = R & { gxsj: string };

function text(value: string | null, id: string, field: string): string | undefined {
  return value === null || value === '' ? emptyOrAbsent(id, field) : value;
}

function date(value: string | null, id: string, field: string): string | undefined {
  return value === null ? emptyOrAbsent(id, field) : formatCompactDate(value);
}

function codes<T extends string>(list: string, table: { encode(v: T): string }): string {
  return list === '' ? '' : list.split(',').map((v) => table.encode(v as T)).join(',');
}

/** Drops the fields whose value is `undefined` (sent as no field at all). */
function compact(record: NingboRecord): NingboRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function tombstone(deleted: number): string {
  return deleted === 1 ? '1' : '0';
}

export function toNingboUnion(row: Served<UnionRow>): NingboRecord {
  return compact({
    ghid: row.id,
    ghmc: row.name,
    xydm: text(row.credit_code, row.id, 'xydm'),
    // 甬工惠 knows nothing above the city federation: its parent is empty.
    sjghid: row.parent_id ?? '',
    xzqh: row.division,
    ghlx: UNION_TYPE.encode(row.type),
    clrq: date(row.founded_on, row.id, 'clrq'),
    hjrq: date(row.last_election_on, row.id, 'hjrq'),
    gxsj: row.gxsj,
    sfsc: tombstone(row.deleted),
  });
}

export function toNingboMember(row: Served<MemberRow>): NingboRecord {
  const mess = messOf(row);
  return compact({
    hyid: row.id,
    xm: messyName(row.name, row.id, mess),
    zjlx: ID_TYPE.encode(row.id_type),
    zjhm: messyIdNumber(row.id_number, mess),
    xb: GENDER.encode(row.gender),
    sjhm: messyMobile(row.mobile, mess),
    ghid: row.union_id,
    rhrq: formatCompactDate(row.joined_on),
    rhqd: JOIN_CHANNEL.encode(row.join_channel),
    zybs: codes<Occupation>(row.occupations, OCCUPATION),
    gzdw: text(row.employer_name, row.id, 'gzdw'),
    gzdwxydm: text(row.employer_credit_code, row.id, 'gzdwxydm'),
    hyzt: MEMBER_STATUS.encode(row.status),
    gxsj: row.gxsj,
    sfsc: tombstone(row.deleted),
  });
}

export function toNingboActivity(row: Served<ActivityRow>): NingboRecord {
  if (row.kind === 'DUES') throw new Error(`${row.id} is a dues payment: render it with toNingboDues`);
  return compact({
    hdid: row.id,
    ghid: row.union_id,
    hdlx: ACTIVITY_KIND.encode(row.kind),
    hdrq: formatCompactDate(row.date),
    cyrs: row.participants ?? emptyOrAbsent(row.id, 'cyrs'),
    gxsj: row.gxsj,
    sfsc: tombstone(row.deleted),
  });
}

export function toNingboDues(row: Served<ActivityRow>): NingboRecord {
  return compact({
    jfid: row.id,
    ghid: row.union_id,
    ny: formatMonth(row.date),
    je: (row.amount_yuan ?? 0).toFixed(2),
    gxsj: row.gxsj,
    sfsc: tombstone(row.deleted),
  });
}

export function toNingboStation(row: Served<StationRow>): NingboRecord {
  const gcj = row.lng === null || row.lat === null ? null : convertPoint({ lng: row.lng, lat: row.lat }, 'WGS84', 'GCJ02');
  return compact({
    zdid: row.id,
    zdmc: row.name,
    zdlx: STATION_KIND.encode(row.kind),
    ghid: text(row.host_union_id, row.id, 'ghid'),
    xzqh: row.division,
    dz: text(row.address, row.id, 'dz'),
    jd: gcj ? gcj.lng.toFixed(6) : '',
    wd: gcj ? gcj.lat.toFixed(6) : '',
    fwss: codes<Facility>(row.facilities, FACILITY),
    yysj: text(row.hours, row.id, 'yysj'),
    tszt: UPGRADE_STATUS.encode(row.upgrade_status),
    tsnd: row.upgrade_year === null ? '' : String(row.upgrade_year),
    gxsj: row.gxsj,
    sfsc: tombstone(row.deleted),
  });
}
