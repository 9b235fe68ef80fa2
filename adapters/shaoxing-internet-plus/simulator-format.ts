import iconv from 'iconv-lite';
import { convertPoint } from '../../core/geo';
import { FACILITIES, OCCUPATIONS, isOneOf, type Facility, type Occupation } from '../../schema/enums';
import {
  ENTERPRISE_CATEGORY, FORMATION_STAGE, GENDER, ID_TYPE, MEMBER_STATUS, OCCUPATION, SERVICE, STATION_KIND, UNION_STATUS, UNION_TYPE,
  encodeCode,
} from './code-tables';
import type { FeedEntry, RowByType } from './simulator-feed';
import type { MessyValues } from './simulator-messy';

/**
 * Renders feed entries as Shaoxing's XML (contract "Record types"): Chinese code words, dates
 * `yyyy-MM-dd`, timestamps ISO 8601 at +08:00, `submittedAt` in epoch ms, BD-09 coordinates,
 * `""` for a missing value, and the document encoded in GBK.
 */
export const CONTENT_TYPE = 'application/xml;charset=GBK';

type Fields = Array<[string, string | number | null]>;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** `2025-03-01T20:34:56.789+08:00` for the stored `2025-03-01T12:34:56.789Z`. */
export function shanghaiInstant(utcIso: string): string {
  return new Date(Date.parse(utcIso) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

function listOf<T extends string>(csv: string, values: readonly T[]): T[] {
  return csv.split(',').filter((v): v is T => isOneOf(values, v));
}

function union(u: RowByType['union']): Fields {
  return [
    ['id', u.id], ['name', u.name], ['creditCode', u.credit_code], ['parentId', u.parent_id], ['district', u.division],
    ['type', encodeCode(UNION_TYPE, u.type)], ['foundedOn', u.founded_on], ['lastElectionOn', u.last_election_on],
    ['status', encodeCode(UNION_STATUS, u.dissolved ? 'DISSOLVED' : 'ACTIVE')],
  ];
}

function enterprise(e: RowByType['enterprise']): Fields {
  return [
    ['id', e.id], ['name', e.name], ['creditCode', e.credit_code], ['district', e.division],
    ['category', encodeCode(ENTERPRISE_CATEGORY, e.category)], ['platform', e.platform], ['employees', e.employees],
    ['newFormWorkers', e.new_employment_workers], ['unionId', e.union_id],
  ];
}

function application(a: RowByType['application']): Fields {
  return [
    ['id', a.id], ['enterpriseId', a.enterprise_id], ['submittedAt', Date.parse(a.submitted_at)],
    ['stage', encodeCode(FORMATION_STAGE, a.stage)], ['unionId', a.union_id], ['updatedAt', shanghaiInstant(a.updated_at)],
  ];
}

function member(m: RowByType['member'], messy: MessyValues): Fields {
  return [
    ['id', m.id], ['name', messy.name(m)], ['idType', encodeCode(ID_TYPE, m.id_type)], ['idNo', messy.idNumber(m)],
    ['gender', encodeCode(GENDER, m.gender)], ['mobile', messy.mobile(m)], ['unionId', m.union_id], ['joinedOn', m.joined_on],
    ['occupation', listOf<Occupation>(m.occupations, OCCUPATIONS).map((o) => encodeCode(OCCUPATION, o)).join(';')],
    ['status', encodeCode(MEMBER_STATUS, m.status)], ['updatedAt', shanghaiInstant(m.updated_at)],
  ];
}

function station(s: RowByType['station']): Fields {
  const bd = s.lng !== null && s.lat !== null ? convertPoint({ lng: s.lng, lat: s.lat }, 'WGS84', 'BD09') : null;
  return [
    ['id', s.id], ['name', s.name], ['kind', encodeCode(STATION_KIND, s.kind)], ['hostUnionId', s.host_union_id],
    ['district', s.division], ['address', s.address], ['bdLng', bd ? bd.lng.toFixed(7) : null], ['bdLat', bd ? bd.lat.toFixed(7) : null],
    ['services', listOf<Facility>(s.facilities, FACILITIES).map((f) => encodeCode(SERVICE, f)).join(',')], ['hours', s.hours],
    ['updatedAt', shanghaiInstant(s.updated_at)],
  ];
}

function fieldsOf(e: FeedEntry, messy: MessyValues): Fields {
  switch (e.type) {
    case 'union': return union(e.row as RowByType['union']);
    case 'enterprise': return enterprise(e.row as RowByType['enterprise']);
    case 'application': return application(e.row as RowByType['application']);
    case 'member': return member(e.row as RowByType['member'], messy);
    case 'station': return station(e.row as RowByType['station']);
  }
}

export function renderRecord(e: FeedEntry, messy: MessyValues): string {
  if (e.deleted) return `<record type="${e.type}" op="delete"><id>${escapeXml(e.id)}</id></record>`;
  const body = fieldsOf(e, messy).map(([name, value]) => `<${name}>${value === null ? '' : escapeXml(String(value))}</${name}>`).join('');
  return `<record type="${e.type}" op="upsert">${body}</record>`;
}

export function renderPage(page: { nextCursor: string; hasMore: boolean; entries: FeedEntry[] }, messy: MessyValues): string {
  return [
    '<?xml version="1.0" encoding="GBK"?>',
    '<response>',
    `<nextCursor>${escapeXml(page.nextCursor)}</nextCursor>`,
    `<hasMore>${page.hasMore}</hasMore>`,
    `<records>${page.entries.map((e) => renderRecord(e, messy)).join('\n')}</records>`,
    '</response>',
  ].join('\n');
}

export function renderError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="GBK"?>\n<error><code>${escapeXml(code)}</code><message>${escapeXml(message)}</message></error>`;
}

export function toGbk(xml: string): Buffer {
  return iconv.encode(xml, 'gbk');
}
