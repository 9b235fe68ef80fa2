/**
 * A record, pulled or pushed, with a string longer than any real field (a name of 300,000
 * characters) is not applied: it becomes a dead letter naming the field (apply-batch.ts). Stored,
 * it would bloat every page and index that holds it, and no upstream field is that long.
 */
export const MAX_FIELD_CHARS = 2000;
/** How much of each long string a dead letter keeps, so the letter stays readable. */
const KEPT_CHARS = 100;

/** The first string longer than MAX_FIELD_CHARS, by its path in the record (`employer.name`). */
export function oversizedField(raw: unknown, path = ''): { field: string; length: number } | null {
  if (typeof raw === 'string') return raw.length > MAX_FIELD_CHARS ? { field: path || 'record', length: raw.length } : null;
  if (raw === null || typeof raw !== 'object') return null;
  for (const [key, value] of Object.entries(raw)) {
    const found = oversizedField(value, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** The record with every long string cut short, for the dead letter's copy. */
export function shortened(raw: unknown): unknown {
  if (typeof raw === 'string') return raw.length > KEPT_CHARS ? `${raw.slice(0, KEPT_CHARS)}… (${raw.length} characters)` : raw;
  if (Array.isArray(raw)) return raw.map(shortened);
  if (raw === null || typeof raw !== 'object') return raw;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, shortened(v)]));
}
