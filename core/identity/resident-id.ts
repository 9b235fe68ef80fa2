/**
 * Resident identity card numbers (居民身份证号码), GB 11643-1999.
 * 18 characters: 6-digit area code, birth date YYYYMMDD, 3-digit sequence (odd = male), check character.
 * Upstreams send them messy (full-width digits, lower-case x, spaces, legacy 15 digits):
 * normalize first, then validate.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type ResidentIdRule = 'FORMAT' | 'BIRTH_DATE' | 'CHECKSUM';

export type ResidentIdResult =
  | { ok: true; idNumber: string; upgradedFrom15: boolean; birthDate: string; gender: 'MALE' | 'FEMALE' }
  | { ok: false; rule: ResidentIdRule; message: string };

/** NFKC (full-width → ASCII), drop whitespace and separators, upper-case the X. */
export function normalizeIdText(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\-_.]/g, '').toUpperCase();
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** 15-digit legacy numbers (YYMMDD, no check) become 18 by inserting "19" and computing the check. */
export function upgrade15(id15: string): string {
  const first17 = id15.slice(0, 6) + '19' + id15.slice(6);
  return first17 + checkCharacter(first17);
}

function validBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now();
}

/** Normalizes and validates; says which rule failed, never echoing the full number. */
export function parseResidentId(raw: string): ResidentIdResult {
  const text = normalizeIdText(raw);
  let id = text;
  let upgradedFrom15 = false;
  if (/^\d{15}$/.test(text)) {
    id = upgrade15(text);
    upgradedFrom15 = true;
  } else if (!/^\d{17}[\dX]$/.test(text)) {
    return { ok: false, rule: 'FORMAT', message: `must be 18 characters (17 digits and a digit or X) or 15 digits, got ${text.length} characters` };
  }
  const birth = id.slice(6, 14);
  if (!validBirthDate(birth)) {
    return { ok: false, rule: 'BIRTH_DATE', message: 'characters 7-14 are not a valid birth date (YYYYMMDD)' };
  }
  if (checkCharacter(id.slice(0, 17)) !== id[17]) {
    return { ok: false, rule: 'CHECKSUM', message: 'the check character does not match GB 11643' };
  }
  return {
    ok: true,
    idNumber: id,
    upgradedFrom15,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** `330203********1234`: the first 6 and last 4 characters, 8 asterisks between. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '********' + id.slice(-4);
}
