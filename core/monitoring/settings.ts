import { ConfigError } from '../errors';
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from './thresholds';

/**
 * The config file's `monitoring` section:
 * ```json
 * "monitoring": {
 *   "intervalSeconds": 3600,
 *   "alertUrl": "https://county.example/hooks/union-health",
 *   "thresholds": { "atRiskSilentDays": 90, "inactiveSilentDays": 180 }
 * }
 * ```
 * Every key is optional; missing ones take the documented defaults.
 */
export interface MonitoringSettings {
  thresholds: Thresholds;
  /**
   * Seconds between runs under `hub start`; 0 turns the schedule off. Each run is incremental
   * (only unions with new events), so an hourly run costs little; the first run of a new day
   * re-evaluates everything as of that day.
   */
  intervalSeconds: number;
  /** Where status changes are POSTed as JSON after a run; null: nowhere. */
  alertUrl: string | null;
}

export const DEFAULT_MONITORING: Readonly<MonitoringSettings> = Object.freeze({
  thresholds: { ...DEFAULT_THRESHOLDS },
  intervalSeconds: 3600,
  alertUrl: null,
});

const KEYS = ['thresholds', 'intervalSeconds', 'alertUrl'];

export function parseMonitoringSettings(value: unknown, key = 'monitoring'): MonitoringSettings {
  if (value === undefined) return { ...DEFAULT_MONITORING, thresholds: { ...DEFAULT_THRESHOLDS } };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(key, 'expected an object');
  const raw = value as Record<string, unknown>;
  for (const name of Object.keys(raw)) {
    if (!KEYS.includes(name)) throw new ConfigError(`${key}.${name}`, `unknown key; expected one of ${KEYS.join(', ')}`);
  }
  return {
    thresholds: parseThresholds(raw.thresholds, `${key}.thresholds`),
    intervalSeconds: parseInterval(raw.intervalSeconds, `${key}.intervalSeconds`),
    alertUrl: parseAlertUrl(raw.alertUrl, `${key}.alertUrl`),
  };
}

function parseInterval(value: unknown, key: string): number {
  if (value === undefined) return DEFAULT_MONITORING.intervalSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 7 * 86_400) {
    throw new ConfigError(key, `expected whole seconds from 0 (off) to 604800 (a week), got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseAlertUrl(value: unknown, key: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(key, `expected an http(s) URL, got ${JSON.stringify(value)}`);
  return value;
}
