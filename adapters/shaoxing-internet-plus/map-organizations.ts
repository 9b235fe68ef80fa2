import type { CanonicalChange, DataIssueDraft } from '../../schema/model';
import { cityOfDivision } from '../../core/division';
import { checkCreditCode, checkDivision } from '../pipeline/canonical-fields';
import { FieldProblem, type RecordReader } from '../pipeline/record-reader';
import { ENTERPRISE_CATEGORY, FORMATION_STAGE, UNION_STATUS, UNION_TYPE } from './code-tables';
import type { MapContext } from './map';
import { code } from './read-codes';

/** Shaoxing's 工会 (union), 企业 (enterprise) and 建会申请 (formation application) records. */
const DIVISION = /^\d{6}$/;

function district(r: RecordReader, required: boolean): string | null {
  const value = required ? r.string('district') : r.optString('district');
  if (value !== null && !DIVISION.test(value)) throw new FieldProblem('district', 'FORMAT', `district must be a 6-digit division code, got "${value}"`);
  return value;
}

export function mapUnion({ r, id, version, city }: MapContext): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = district(r, true) as string;
  const reportedCity = city ?? cityOfDivision(divisionCode);
  checkDivision(divisionCode, reportedCity, 'district', issues);
  return {
    entity: 'union', op: 'upsert', issues,
    record: {
      system: 'shaoxing-internet-plus', sourceId: id, version,
      name: r.string('name'),
      creditCode: checkCreditCode(r.optString('creditCode'), 'creditCode', issues),
      type: code(r, 'type', UNION_TYPE),
      divisionCode,
      city: reportedCity,
      parentSourceId: r.optString('parentId'),
      foundedOn: r.optDate('foundedOn'),
      lastElectionOn: r.optDate('lastElectionOn'),
      dissolved: code(r, 'status', UNION_STATUS) === 'DISSOLVED',
    },
  };
}

export function mapEnterprise({ r, id, version, city }: MapContext): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const divisionCode = district(r, false);
  const reportedCity = city ?? (divisionCode ? cityOfDivision(divisionCode) : null);
  checkDivision(divisionCode, reportedCity, 'district', issues);
  return {
    entity: 'enterprise', op: 'upsert', issues,
    record: {
      system: 'shaoxing-internet-plus', sourceId: id, version,
      name: r.string('name'),
      creditCode: checkCreditCode(r.optString('creditCode'), 'creditCode', issues),
      category: code(r, 'category', ENTERPRISE_CATEGORY),
      platform: r.optString('platform'),
      divisionCode,
      city: reportedCity,
      unionSourceId: r.optString('unionId'),
      employees: r.optNumber('employees', { min: 0, integer: true }),
      newEmploymentWorkers: r.optNumber('newFormWorkers', { min: 0, integer: true }),
    },
  };
}

/** `submittedAt` is epoch milliseconds (the one timestamp the contract sends as a number). */
function submittedAt(r: RecordReader): string {
  const text = r.string('submittedAt');
  if (!/^\d{1,15}$/.test(text)) throw new FieldProblem('submittedAt', 'EPOCH_MS', `submittedAt must be epoch milliseconds, got "${text}"`);
  return new Date(Number(text)).toISOString();
}

export function mapApplication({ r, id, version }: MapContext): CanonicalChange {
  return {
    entity: 'application', op: 'upsert', issues: [],
    record: {
      system: 'shaoxing-internet-plus', sourceId: id, version,
      enterpriseSourceId: r.string('enterpriseId'),
      stage: code(r, 'stage', FORMATION_STAGE),
      submittedAt: submittedAt(r),
      // The stage's date is the record's last change: the workflow record changes when its stage does.
      stageUpdatedAt: r.has('updatedAt') ? new Date(version).toISOString() : null,
      unionSourceId: r.optString('unionId'),
    },
  };
}
