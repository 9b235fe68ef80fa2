/**
 * Mainland China mobile numbers (11 digits starting with 1). Upstreams send them with full-width
 * digits, spaces, dashes, parentheses and country codes: normalize, then validate.
 * Phones are personal information (PIPL): messages never echo the number, display masks it.
 */
export type MobileResult = { ok: true; mobile: string } | { ok: false; rule: 'FORMAT'; message: string };

/** Separators people type inside numbers: whitespace, ASCII and Unicode dashes, parentheses. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212()]/g;

/** A country code is only stripped when exactly a mainland number follows, so '86…' 11-digit numbers stay intact. */
const WITH_COUNTRY_CODE = /^(?:\+86|0086|86)(\d{11})$/;
const MAINLAND_MOBILE = /^1\d{10}$/;

export function normalizeMobile(raw: string): MobileResult {
  // NFKC turns full-width digits, '＋' and '（）' into ASCII before we strip separators.
  const compact = raw.normalize('NFKC').replace(SEPARATORS, '');
  const mobile = compact.replace(WITH_COUNTRY_CODE, '$1');
  if (MAINLAND_MOBILE.test(mobile)) return { ok: true, mobile };
  return {
    ok: false,
    rule: 'FORMAT',
    // Only the shape is reported (length), never the digits.
    message: `must be an 11-digit mainland mobile number starting with 1 (optionally +86), got ${describeShape(mobile)}`,
  };
}

function describeShape(text: string): string {
  if (text.length === 0) return 'an empty value';
  if (!/^\+?\d+$/.test(text)) return `${text.length} characters including non-digits`;
  return `${text.replace('+', '').length} digits`;
}

/** `138****5678`: first 3 and last 4 digits. Anything too short to mask that way is masked whole. */
export function maskMobile(m: string): string {
  if (m.length < 8) return '*'.repeat(m.length);
  return m.slice(0, 3) + '****' + m.slice(-4);
}
