import { HEALTH_FLAG_CODES, isOneOf } from '../../schema/enums';
import type { HealthFlag } from './rules';

/**
 * union_health.flags is JSON text: a list of {code, detail, since}. Reading it never throws:
 * broken text reads as no flags, and entries with an unknown code are skipped.
 */
export function parseFlags(text: string): HealthFlag[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((f: unknown): HealthFlag[] => {
    if (typeof f !== 'object' || f === null) return [];
    const { code, detail, since } = f as Record<string, unknown>;
    if (!isOneOf(HEALTH_FLAG_CODES, code)) return [];
    return [{ code, detail: typeof detail === 'string' ? detail : '', since: typeof since === 'string' ? since : null }];
  });
}
