import {
  ACTIVITY_KINDS, CITY_DIVISION, ENTERPRISE_CATEGORIES, FACILITIES, ID_TYPES, JOIN_CHANNELS, MEMBER_STATUSES,
  OCCUPATIONS, STATION_KINDS, UNION_TYPES, UPGRADE_STATUSES, isOneOf, type City, type Facility, type Occupation,
} from '../../schema/enums';
import type { CanonicalChange, DataIssueDraft, EntityKind, MapResult } from '../../schema/model';
import { cityOfDivision } from '../../core/division';
import { checkCreditCode, checkDivision, checkLocation, readIdDocument, readMobile, readPersonName } from '../pipeline/canonical-fields';
import { FieldProblem, RecordReader, rejectionFrom } from '../pipeline/record-reader';

/**
 * Maps the provincial platform's records (浙江数字工会, JSON, ISO 8601 UTC, WGS-84, English enums)
 * to the canonical model. The resource may carry the city it was pulled for
 * (`members/330100`); pushed records carry none, and then the city comes from the division
 * (or, for members, from their union when the change is applied).
 */
export const SYSTEM = 'zhejiang-digital-union';

export function mapProvincialRecord(resource: string, raw: unknown): MapResult {
  const [kind, divisionCode] = resource.split('/');
  const city = divisionCode ? cityByDivision(divisionCode) : null;
  let sourceId = '';
  try {
    const r = RecordReader.from(raw, `${SYSTEM} ${kind} record`);
    sourceId = r.optString('id') ?? '';
    const id = r.string('id');
    const version = r.instant('updatedAt');
    if (r.optBoolean('deleted') === true) return { ok: true, change: deletion(kind, r, id, version) };
    switch (kind) {
      case 'organizations': return { ok: true, change: organization(r, id, version, city) };
      case 'members': return { ok: true, change: member(r, id, version, city) };
      case 'activities': return { ok: true, change: activity(r, id, version) };
      case 'stations': return { ok: true, change: station(r, id, version, city) };
      default: throw new FieldProblem('', 'UNKNOWN_RESOURCE', `unknown resource "${kind}"`);
    }
  } catch (e) {
    return { ok: false, rejection: rejectionFrom(e, sourceId, `${SYSTEM} ${kind}`) };
  }
}

function cityByDivision(code: string): City | null {
  const entry = Object.entries(CITY_DIVISION).find(([, c]) => c === code);
  return entry ? (entry[0] as City) : null;
}

function deletion(kind: string, r: RecordReader, id: string, version: number): CanonicalChange {
  const entity: EntityKind = kind === 'organizations'
    ? (r.optString('kind') === 'ENTERPRISE' ? 'enterprise' : 'union')
    : kind === 'members' ? 'member' : kind === 'activities' ? 'activity' : 'station';
  return { entity, op: 'delete', system: SYSTEM, sourceId: id, version, issues: [] };
}

function organization(r: RecordReader, id: string, version: number, pulledCity: City | null): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = r.optString('division');
  const city = pulledCity ?? (divisionCode ? cityOfDivision(divisionCode) : null);
  checkDivision(divisionCode, city, 'division', issues);
  const creditCode = checkCreditCode(r.optString('creditCode'), 'creditCode', issues);
  const kind = r.enumValue('kind', ['UNION', 'ENTERPRISE'] as const);
  const header = { system: SYSTEM, sourceId: id, version };
  if (kind === 'UNION') {
    if (divisionCode === null) throw new FieldProblem('division', 'REQUIRED', 'division is required for a union');
    return {
      entity: 'union', op: 'upsert', issues,
      record: {
        ...header, name: r.string('name'), creditCode, type: r.enumValue('unionType', UNION_TYPES), divisionCode,
        city: divisionCode === '330000' ? null : city, parentSourceId: r.optString('parentId'), foundedOn: r.optDate('foundedOn'),
        lastElectionOn: r.optDate('lastElectionOn'), dissolved: r.optBoolean('dissolved') ?? false,
      },
    };
  }
  return {
    entity: 'enterprise', op: 'upsert', issues,
    record: {
      ...header, name: r.string('name'), creditCode, category: r.enumValue('enterpriseCategory', ENTERPRISE_CATEGORIES),
      platform: r.optString('platform'), divisionCode, city, unionSourceId: r.optString('unionId'),
      employees: r.optNumber('employees', { min: 0, integer: true }),
      newEmploymentWorkers: r.optNumber('newEmploymentWorkers', { min: 0, integer: true }),
    },
  };
}

function member(r: RecordReader, id: string, version: number, city: City | null): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const idType = r.enumValue('idType', ID_TYPES);
  const doc = readIdDocument(idType, r.string('idNumber'), 'idNumber');
  issues.push(...doc.issues);
  const occupations = r.optStringArray('occupations');
  const unknown = occupations.filter((o) => !isOneOf(OCCUPATIONS, o));
  if (unknown.length > 0) throw new FieldProblem('occupations', 'ENUM', `occupations must be among ${OCCUPATIONS.join(', ')}, got ${unknown.join(', ')}`);
  const employer = r.value('employer');
  const employerReader = employer && typeof employer === 'object' ? RecordReader.from(employer, 'employer') : null;
  return {
    entity: 'member', op: 'upsert', issues,
    record: {
      system: SYSTEM, sourceId: id, version,
      name: readPersonName(r.optString('name'), 'name'),
      idType, idNumber: doc.idNumber,
      gender: r.optEnum('gender', ['MALE', 'FEMALE'] as const),
      birthDate: null,
      mobile: readMobile(r.optString('mobile'), 'mobile', issues),
      unionSourceId: r.optString('unionId'),
      city,
      joinedOn: r.optDate('joinedAt'),
      joinChannel: r.optEnum('joinChannel', JOIN_CHANNELS),
      occupations: [...new Set(occupations as Occupation[])].sort(),
      employerName: employerReader?.optString('name') ?? null,
      employerCreditCode: employerReader ? checkCreditCode(employerReader.optString('creditCode'), 'employer.creditCode', issues) : null,
      status: r.enumValue('status', MEMBER_STATUSES),
    },
  };
}

function activity(r: RecordReader, id: string, version: number): CanonicalChange {
  const kind = r.enumValue('kind', ACTIVITY_KINDS);
  const date = r.optDate('date');
  if (date === null) throw new FieldProblem('date', 'REQUIRED', 'date is required for an activity');
  return {
    entity: 'activity', op: 'upsert', issues: [],
    record: {
      system: SYSTEM, sourceId: id, version, unionSourceId: r.string('unionId'), kind, date,
      participants: r.optNumber('participants', { min: 0, integer: true }),
      amountYuan: r.optNumber('amountYuan', { min: 0 }),
    },
  };
}

function station(r: RecordReader, id: string, version: number, pulledCity: City | null): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = r.optString('division');
  const city = pulledCity ?? (divisionCode ? cityOfDivision(divisionCode) : null);
  checkDivision(divisionCode, city, 'division', issues);
  const facilities = r.optStringArray('facilities');
  const unknown = facilities.filter((f) => !isOneOf(FACILITIES, f));
  if (unknown.length > 0) throw new FieldProblem('facilities', 'ENUM', `facilities must be among ${FACILITIES.join(', ')}, got ${unknown.join(', ')}`);
  const upgrade = r.value('upgrade');
  const up = upgrade && typeof upgrade === 'object' ? RecordReader.from(upgrade, 'upgrade') : null;
  return {
    entity: 'station', op: 'upsert', issues,
    record: {
      system: SYSTEM, sourceId: id, version, name: r.string('name'), kind: r.enumValue('kind', STATION_KINDS),
      hostUnionSourceId: r.optString('hostUnionId'), divisionCode, city, address: r.optString('address'),
      location: checkLocation(readLocation(r.value('location')), 'location', issues),
      facilities: [...new Set(facilities as Facility[])],
      hours: r.optString('hours'),
      upgradeStatus: up?.optEnum('status', UPGRADE_STATUSES) ?? 'NONE',
      upgradeYear: up?.optNumber('year', { integer: true, min: 1990 }) ?? null,
    },
  };
}

function readLocation(value: unknown): { lng: number; lat: number } | null {
  if (!value || typeof value !== 'object') return null;
  const { lng, lat } = value as { lng?: unknown; lat?: unknown };
  const x = typeof lng === 'number' ? lng : typeof lng === 'string' ? Number(lng) : NaN;
  const y = typeof lat === 'number' ? lat : typeof lat === 'string' ? Number(lat) : NaN;
  return Number.isFinite(x) && Number.isFinite(y) ? { lng: x, lat: y } : null;
}
