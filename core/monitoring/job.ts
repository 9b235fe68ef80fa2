import type { Store } from '../store/database';
import { postStatusChanges, type AlertOutcome } from './alerts';
import { runMonitoring, type RunOptions, type RunResult } from './run';
import type { MonitoringSettings } from './settings';

/**
 * The monitoring job as `hub monitor` and `hub start`'s schedule run it: evaluate with the
 * configured thresholds, store, then tell the alert URL (if any) which statuses changed.
 */
export interface JobResult {
  run: RunResult;
  /** null when no alert URL is configured. */
  alert: AlertOutcome | null;
}

export async function runMonitoringJob(store: Store, settings: MonitoringSettings, options: Omit<RunOptions, 'thresholds'> = {}): Promise<JobResult> {
  const run = await runMonitoring(store, { ...options, thresholds: settings.thresholds });
  const alert = settings.alertUrl ? await postStatusChanges(store, settings.alertUrl, run) : null;
  return { run, alert };
}
