import type { City, IdType } from '../../schema/enums';
import type { DataIssueDraft } from '../../schema/model';
import { parseCreditCode } from '../../core/identity/credit-code';
import { maskIdNumber, parseResidentId } from '../../core/identity/resident-id';
import { normalizeMobile } from '../../core/identity/mobile';
import { isPlainlyTraditional, normalizePersonName, toSimplified } from '../../core/identity/person-name';
import { divisionBelongsToCity, divisionByCode } from '../../core/division';
import { isInZhejiang, isValidLngLat, type LngLat } from '../../core/geo';
import { FieldProblem } from './record-reader';

/**
 * Field rules every contract shares, whatever it calls the field: repair what can be repaired
 * and say so (a data issue), reject what cannot (a FieldProblem → dead letter), never echo
 * personal data in a message.
 */

export interface IdDocument {
  idNumber: string;
  issues: DataIssueDraft[];
}

/** Resident IDs are normalized and checked (GB 11643); other documents are normalized only. */
export function readIdDocument(idType: IdType, raw: string, field: string): IdDocument {
  if (idType !== 'RESIDENT_ID') {
    const idNumber = raw.normalize('NFKC').replace(/\s/g, '').toUpperCase();
    if (idNumber.length < 5) throw new FieldProblem(field, 'FORMAT', `${field} is too short for a ${idType} number`);
    return { idNumber, issues: [] };
  }
  const parsed = parseResidentId(raw);
  if (!parsed.ok) {
    throw new FieldProblem(field, `RESIDENT_ID_${parsed.rule}`, `${field} ${maskIdNumber(raw.normalize('NFKC').replace(/\s/g, ''))} is not a valid resident ID number: ${parsed.message}`);
  }
  const issues: DataIssueDraft[] = [];
  if (parsed.upgradedFrom15) {
    issues.push({ code: 'ID_UPGRADED_FROM_15', severity: 'INFO', field, message: `a legacy 15-digit ID number was upgraded to 18 digits (${maskIdNumber(parsed.idNumber)})` });
  }
  return { idNumber: parsed.idNumber, issues };
}

export function readPersonName(raw: string | null, field: string): string {
  const name = raw === null ? '' : normalizePersonName(raw);
  if (name === '') throw new FieldProblem(field, 'REQUIRED', `${field} (the member's name) is missing or empty`);
  return name;
}

/** A phone that cannot be read is dropped with a data issue: the membership itself is still good. */
export function readMobile(raw: string | null, field: string, issues: DataIssueDraft[]): string | null {
  if (raw === null) return null;
  const result = normalizeMobile(raw);
  if (result.ok) return result.mobile;
  issues.push({ code: 'INVALID_MOBILE', severity: 'WARNING', field, message: `${field} ${result.message}; the number was not kept` });
  return null;
}

/** Credit codes that fail GB 32100 are kept with a warning: some early codes really do fail. */
export function checkCreditCode(raw: string | null, field: string, issues: DataIssueDraft[]): string | null {
  if (raw === null) return null;
  const parsed = parseCreditCode(raw);
  if (!parsed.ok) issues.push({ code: 'INVALID_CREDIT_CODE', severity: 'WARNING', field, message: `${field} "${parsed.code}" ${parsed.message}` });
  return parsed.code;
}

/** A division must exist in GB/T 2260 for Zhejiang and lie in the city the source reports it under. */
export function checkDivision(code: string | null, city: City | null, field: string, issues: DataIssueDraft[]): void {
  if (code === null) return;
  const division = divisionByCode(code);
  if (!division) {
    issues.push({ code: 'UNKNOWN_DIVISION', severity: 'WARNING', field, message: `${field} "${code}" is not a Zhejiang division code in GB/T 2260` });
  } else if (city && division.level !== 'PROVINCE' && !divisionBelongsToCity(code, city)) {
    issues.push({ code: 'DIVISION_NOT_IN_CITY', severity: 'WARNING', field, message: `${field} ${code} (${division.name}) does not belong to ${city}, the city this record was reported under` });
  }
}

/** Coordinates that are unusable become a data issue and no location, never a vanished station. */
export function checkLocation(p: LngLat | null, field: string, issues: DataIssueDraft[]): LngLat | null {
  if (p === null || !isValidLngLat(p)) {
    issues.push({ code: 'MISSING_COORDINATES', severity: 'WARNING', field, message: `${field} is missing or not a longitude/latitude pair; the station has no location` });
    return null;
  }
  if (!isInZhejiang(p)) {
    issues.push({ code: 'OUTSIDE_ZHEJIANG', severity: 'WARNING', field, message: `${field} (${p.lng.toFixed(5)}, ${p.lat.toFixed(5)}) lies outside Zhejiang` });
  }
  return p;
}

/**
 * A mainland resident's name (resident ID) typed in traditional characters is stored simplified,
 * with an INFO issue: 陳偉 → 陈伟. Only characters that are plainly the traditional form of a
 * simplified one change (simplifying and converting back gives the character again); characters
 * simplified text uses too (乾 in 王乾) stay as written. Holders of other documents keep theirs.
 */
export function simplifyResidentName(name: string, idType: IdType, field: string, issues: DataIssueDraft[]): string {
  if (idType !== 'RESIDENT_ID') return name;
  const simplified = [...name].map((c) => (isPlainlyTraditional(c) ? toSimplified(c) : c)).join('');
  if (simplified !== name) {
    issues.push({ code: 'NAME_TRADITIONAL_CHARACTERS', severity: 'INFO', field, message: `${field} was written in traditional characters; a resident ID holder's name is kept in simplified characters` });
  }
  return simplified;
}
