import { maskIdNumber } from '../../core/identity/resident-id';

/**
 * Masks what looks like personal data anywhere in a raw upstream record before it is kept in a
 * dead letter: field names that hold ID numbers or phones in any of the three contracts, and any
 * string that looks like an ID number or a mobile wherever it sits.
 */
const ID_FIELDS = new Set(['zjhm', 'idNo', 'idNumber', 'id_number']);
const PHONE_FIELDS = new Set(['sjhm', 'mobile', 'phone']);

/**
 * An 18-character or legacy 15-digit ID number, and a mainland mobile (with or without +86),
 * bounded by anything but a digit. `\b` is not enough: free text glues numbers to letters
 * ("tel13912345678", "ID33010619900101123X"), and there a word boundary never falls.
 */
const ID_NUMBER_IN_TEXT = /(?<!\d)(?:\d{17}[\dXx]|\d{15})(?![\dXx])/g;
const MOBILE_IN_TEXT = /(?<!\d)(?:(?:\+|00)?86[- ]?)?1\d{10}(?!\d)/g;

export function maskPersonalData(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (ID_FIELDS.has(key)) return maskIdNumber(value.trim());
  if (PHONE_FIELDS.has(key)) return maskPhoneLike(value);
  return maskPersonalText(value);
}

/**
 * Free text that may quote an upstream value: a dead letter's reason, an inbox error, a sync
 * error. A parser's message can repeat what it could not read, the number included.
 */
export function maskPersonalText(text: string): string {
  return text
    .replace(ID_NUMBER_IN_TEXT, (m) => maskIdNumber(m))
    .replace(MOBILE_IN_TEXT, (m) => maskPhoneLike(m));
}

function maskPhoneLike(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(value.length);
  return digits.slice(0, 3) + '****' + digits.slice(-4);
}
