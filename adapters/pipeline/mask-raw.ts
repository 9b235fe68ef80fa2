import { maskIdNumber } from '../../core/identity/resident-id';

/**
 * Masks what looks like personal data anywhere in a raw upstream record before it is kept in a
 * dead letter: field names that hold ID numbers or phones in any of the three contracts, and any
 * string that looks like an ID number or a mobile wherever it sits.
 */
const ID_FIELDS = new Set(['zjhm', 'idNo', 'idNumber', 'id_number']);
const PHONE_FIELDS = new Set(['sjhm', 'mobile', 'phone']);

export function maskPersonalData(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (ID_FIELDS.has(key)) return maskIdNumber(value.trim());
  if (PHONE_FIELDS.has(key)) return maskPhoneLike(value);
  return value
    .replace(/\b\d{17}[\dXx]\b|\b\d{15}\b/g, (m) => maskIdNumber(m))
    .replace(/\b1\d{10}\b/g, (m) => maskPhoneLike(m));
}

function maskPhoneLike(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(value.length);
  return digits.slice(0, 3) + '****' + digits.slice(-4);
}
