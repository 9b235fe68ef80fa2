/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet, the last one a check. Trade unions start with 8 (registering authority: unions),
 * grassroots unions with 81. Some early codes fail the check: callers warn, they do not reject.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeResult =
  | { ok: true; code: string }
  | { ok: false; code: string; rule: 'FORMAT' | 'CHECKSUM'; message: string };

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function parseCreditCode(raw: string): CreditCodeResult {
  const code = raw.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !ALPHABET.includes(c))) {
    return { ok: false, code, rule: 'FORMAT', message: `must be 18 characters from ${ALPHABET}` };
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return { ok: false, code, rule: 'CHECKSUM', message: 'the check character does not match GB 32100' };
  }
  return { ok: true, code };
}

/** Makes a valid code from 17 characters (the synthetic province and tests use it). */
export function withCreditCheck(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}
