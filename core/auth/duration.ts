import { InputError } from '../errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "15m", "1h", "7d" (or a bare number of seconds) → seconds. */
export function parseDuration(text: string, field = 'ttl'): number {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(text);
  if (!match) throw new InputError(field, 'FORMAT', `${field} must be a number with s, m, h or d (e.g. 1h), got "${text}"`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
  if (seconds <= 0) throw new InputError(field, 'MIN', `${field} must be longer than 0 seconds`);
  return seconds;
}
