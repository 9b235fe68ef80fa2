import type { City } from '../../schema/enums';
import type { CanonicalChange, DataIssueDraft, EntityKind, MapResult } from '../../schema/model';
import { checkCreditCode, checkDivision } from '../pipeline/canonical-fields';
import { FieldProblem, RecordReader, rejectionFrom } from '../pipeline/record-reader';
import { ACTIVITY_KIND, UNION_TYPE } from './codes';
import { code, isTombstone, month, optCompactDate, version, yuan } from './fields';
import { member } from './map-member';
import { station } from './map-station';

/**
 * Maps 甬工惠's records (pinyin-initial fields, code tables, yyyyMMdd dates, Shanghai local
 * timestamps, GCJ-02) to the canonical model. Every record the contract serves is Ningbo's, so
 * the city is the source's one city.
 */
export const SYSTEM = 'ningbo-yonggonghui';

/** In sync order: unions first, so members and stations find the union they name. */
export const RESOURCES = ['unions', 'members', 'activities', 'dues', 'stations'] as const;
export type NingboResource = (typeof RESOURCES)[number];

/** Each resource's id field. */
export const ID_FIELD: Record<NingboResource, string> = {
  unions: 'ghid', members: 'hyid', activities: 'hdid', dues: 'jfid', stations: 'zdid',
};

const ENTITY: Record<NingboResource, EntityKind> = {
  unions: 'union', members: 'member', activities: 'activity', dues: 'activity', stations: 'station',
};

const LABEL: Record<NingboResource, string> = {
  unions: 'union 工会', members: 'member 会员', activities: 'activity 活动', dues: 'dues payment 会费', stations: 'station 阵地',
};

export interface Header {
  system: string;
  sourceId: string;
  version: number;
}

function isResource(resource: string): resource is NingboResource {
  return (RESOURCES as readonly string[]).includes(resource);
}

export function mapNingboRecord(resource: string, raw: unknown, city: City = 'NINGBO'): MapResult {
  if (!isResource(resource)) {
    return { ok: false, rejection: { sourceId: '', field: '', rule: 'UNKNOWN_RESOURCE', reason: `${SYSTEM}: unknown resource "${resource}"` } };
  }
  const idField = ID_FIELD[resource];
  let sourceId = '';
  try {
    const r = RecordReader.from(raw, `${SYSTEM} ${LABEL[resource]}`);
    sourceId = r.optString(idField) ?? '';
    const header: Header = { system: SYSTEM, sourceId: r.string(idField), version: version(r) };
    if (isTombstone(r)) return { ok: true, change: { entity: ENTITY[resource], op: 'delete', ...header, issues: [] } };
    return { ok: true, change: upsert(resource, r, header, city) };
  } catch (e) {
    return { ok: false, rejection: rejectionFrom(e, sourceId, `${SYSTEM} ${LABEL[resource]}`) };
  }
}

function upsert(resource: NingboResource, r: RecordReader, header: Header, city: City): CanonicalChange {
  switch (resource) {
    case 'unions': return union(r, header, city);
    case 'members': return member(r, header, city);
    case 'activities': return activity(r, header);
    case 'dues': return dues(r, header);
    case 'stations': return station(r, header, city);
  }
}

function union(r: RecordReader, header: Header, city: City): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = r.string('xzqh');
  checkDivision(divisionCode, city, 'xzqh', issues);
  return {
    entity: 'union', op: 'upsert', issues,
    record: {
      ...header,
      name: r.string('ghmc'),
      creditCode: checkCreditCode(r.optString('xydm'), 'xydm', issues),
      type: code(r, 'ghlx', UNION_TYPE),
      divisionCode,
      city,
      parentSourceId: r.optString('sjghid'),
      foundedOn: optCompactDate(r, 'clrq'),
      lastElectionOn: optCompactDate(r, 'hjrq'),
      // The contract has no dissolution field: a dissolved union is deleted (sfsc).
      dissolved: false,
    },
  };
}

function activity(r: RecordReader, header: Header): CanonicalChange {
  const date = optCompactDate(r, 'hdrq');
  if (date === null) throw new FieldProblem('hdrq', 'REQUIRED', 'hdrq (the activity date) is required but missing or empty');
  return {
    entity: 'activity', op: 'upsert', issues: [],
    record: {
      ...header, unionSourceId: r.string('ghid'), kind: code(r, 'hdlx', ACTIVITY_KIND), date,
      participants: r.optNumber('cyrs', { min: 0, integer: true }), amountYuan: null,
    },
  };
}

/** A dues payment is an activity of kind DUES, dated the first day of the month paid for. */
function dues(r: RecordReader, header: Header): CanonicalChange {
  return {
    entity: 'activity', op: 'upsert', issues: [],
    record: { ...header, unionSourceId: r.string('ghid'), kind: 'DUES', date: month(r, 'ny'), participants: null, amountYuan: yuan(r, 'je') },
  };
}
