import { InputError } from '../../core/errors';
import { maskIdNumber, parseResidentId } from '../../core/identity/resident-id';
import type { IdType } from '../../schema/enums';

/**
 * The person key (实名制): one person is one validated identity document. Resident ID numbers are
 * normalized and checked (GB 11643: NFKC, upper-case X, 15 → 18 digits); permits and passports are
 * normalized only (NFKC, no whitespace, upper case) and key on type plus number. The store never
 * holds the key itself: it holds a keyed hash of it (PiiCipher.blindIndex), and Member.id is an
 * HMAC of that hash (PiiCipher.opaqueId), so neither can be turned back into the number.
 */
export function personKeyText(idType: IdType, normalizedNumber: string): string {
  return `${idType}:${normalizedNumber}`;
}

const OTHER_DOCUMENTS: readonly IdType[] = ['HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'PASSPORT'];

/** Permit and passport numbers as the pipeline stores them (adapters/pipeline/canonical-fields.ts). */
export function normalizeOtherDocument(raw: string): string {
  return raw.normalize('NFKC').replace(/\s/g, '').toUpperCase();
}

/**
 * What `member(idNumber:)` looks for, written any way an upstream might write it (spaces,
 * full-width digits, lower-case x, 15 digits): the person-key texts to hash, most likely first.
 * Digits (with a final X) of 11 or more are a resident ID number and must pass its rules; 5–15
 * letters and digits, with a digit (and a letter, or at most 10 digits) may be a permit or passport number.
 * Anything else cannot be an ID number: BAD_USER_INPUT naming the rule, never echoing the input.
 */
export function personKeysToLookUp(raw: string): string[] {
  const resident = raw.normalize('NFKC').replace(/[\s\-_.]/g, '').toUpperCase();
  if (/^\d{11,}X?$/.test(resident)) {
    const parsed = parseResidentId(raw);
    if (!parsed.ok) throw new InputError('idNumber', parsed.rule, `idNumber is not a valid resident ID number: ${parsed.message}`);
    return [personKeyText('RESIDENT_ID', parsed.idNumber)];
  }
  const other = normalizeOtherDocument(raw);
  if (/^[A-Z0-9]{5,15}$/.test(other) && /\d/.test(other) && (/[A-Z]/.test(other) || other.length <= 10)) {
    return OTHER_DOCUMENTS.map((type) => personKeyText(type, other));
  }
  throw new InputError(
    'idNumber', 'FORMAT',
    `idNumber must be a resident ID number (18 characters: 17 digits and a digit or X, or 15 digits) or a permit or passport number (5-15 letters and digits); got ${describeShape(resident)}`,
  );
}

function describeShape(text: string): string {
  if (text.length === 0) return 'an empty value';
  return /^\d+$/.test(text) ? `${text.length} digits` : `${text.length} characters`;
}

/**
 * The masked number Member.idNumberMasked shows. Resident IDs: first 6 + 8 asterisks + last 4
 * (330203********1234). Permits and passports are short (8–11 characters), where 6 + 4 would show
 * nearly all of it: the first character (the document's letter) and the last 2 only.
 */
export function maskDocumentNumber(idType: IdType, idNumber: string): string {
  if (idType === 'RESIDENT_ID') return maskIdNumber(idNumber);
  if (idNumber.length < 6) return '*'.repeat(idNumber.length);
  return idNumber[0] + '*'.repeat(idNumber.length - 3) + idNumber.slice(-2);
}
