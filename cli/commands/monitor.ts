import { divisionByCode } from '../../core/division';
import { InputError } from '../../core/errors';
import { parseAsOf } from '../../core/monitoring/calendar';
import { parseCityArgument } from '../../core/monitoring/city-argument';
import { readFlaggedUnions, type FlaggedUnion } from '../../core/monitoring/flagged-unions';
import { runMonitoringJob, type JobResult } from '../../core/monitoring/job';
import { summarizeVerdicts, type VerdictSummary } from '../../core/monitoring/summary';
import { HEALTH_STATUSES, isOneOf, type City, type HealthStatus } from '../../schema/enums';
import type { Runtime } from '../runtime';

/**
 * `hub monitor [--as-of DATE] [--city CITY] [--json] [--full] [--status LIST]`: runs passive
 * monitoring (incremental when it can), stores the verdicts, and prints the flagged unions with
 * what to follow up, as a table or as JSON.
 */
export interface MonitorOptions {
  asOf?: string;
  city: City | null;
  json: boolean;
  full: boolean;
  statuses: HealthStatus[];
}

export interface RawMonitorOptions {
  asOf?: string;
  city?: string;
  json?: boolean;
  full?: boolean;
  status?: string;
}

/** Checks the flags before anything is opened: bad input is refused naming the value. */
export function parseMonitorOptions(raw: RawMonitorOptions): MonitorOptions {
  return {
    asOf: raw.asOf === undefined ? undefined : parseAsOf(raw.asOf, '--as-of'),
    city: raw.city === undefined ? null : parseCityArgument(raw.city, '--city'),
    json: Boolean(raw.json),
    full: Boolean(raw.full),
    statuses: parseStatuses(raw.status ?? 'INACTIVE,AT_RISK'),
  };
}

function parseStatuses(text: string): HealthStatus[] {
  const parts = text.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  for (const p of parts) {
    if (!isOneOf(HEALTH_STATUSES, p)) throw new InputError('--status', 'UNKNOWN_STATUS', `unknown status "${p}"; expected a comma-separated list of ${HEALTH_STATUSES.join(', ')}`);
  }
  return parts as HealthStatus[];
}

export interface MonitorReport {
  job: JobResult;
  summary: VerdictSummary;
  flagged: FlaggedUnion[];
}

export async function monitor(runtime: Runtime, options: MonitorOptions, out: NodeJS.WritableStream = process.stdout): Promise<MonitorReport> {
  // `hub monitor | head` closes the pipe early: that is the reader's choice, not an error.
  if (out === process.stdout) process.stdout.once('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); else throw e; });
  const job = await runMonitoringJob(runtime.store, runtime.config.monitoring, { asOf: options.asOf, city: options.city, full: options.full });
  const summary = await summarizeVerdicts(runtime.store, options.city);
  const flagged = await readFlaggedUnions(runtime.store, options.city, options.statuses);
  out.write(options.json ? JSON.stringify(asJson({ job, summary, flagged }), null, 2) + '\n' : asTable({ job, summary, flagged }));
  return { job, summary, flagged };
}

const fmt = (n: number) => n.toLocaleString('en-US');

function countyName(code: string): string {
  return divisionByCode(code)?.name ?? code;
}

function asJson(r: MonitorReport) {
  const { run, alert } = r.job;
  return {
    scope: run.scope,
    asOf: run.asOf,
    mode: run.mode,
    evaluated: run.evaluated.length,
    removed: run.removed.length,
    statusChanges: run.changes.length,
    seconds: run.seconds,
    alert,
    summary: r.summary,
    unions: r.flagged.map((u) => ({ ...u, divisionName: countyName(u.divisionCode) })),
  };
}

function asTable(r: MonitorReport): string {
  const { run, alert } = r.job;
  const s = r.summary;
  const lines = [
    `${run.mode === 'FULL' ? 'full' : 'incremental'} evaluation as of ${run.asOf}: ${fmt(run.evaluated.length)} grassroots union(s) evaluated in ${run.seconds.toFixed(2)} s, ${fmt(run.changes.length)} status change(s)`,
    `${run.city ?? 'province'}: ${fmt(s.total)} monitored · ${fmt(s.inactive)} INACTIVE · ${fmt(s.atRisk)} AT_RISK · ${fmt(s.active)} ACTIVE`,
  ];
  if (s.byFlag.length > 0) lines.push(`flags: ${s.byFlag.map((f) => `${f.code} ${fmt(f.count)}`).join(' · ')}`);
  if (alert) lines.push(alert.error ? `alert: ${alert.error}` : `alert: ${fmt(alert.posted)} status change(s) posted`);
  lines.push('');
  if (r.flagged.length === 0) {
    lines.push('no union to follow up.');
    return lines.join('\n') + '\n';
  }
  for (const u of r.flagged) {
    lines.push(`${u.status.padEnd(8)}  ${u.id}  ${u.city ?? '-'} ${countyName(u.divisionCode)}  ${u.name}`);
    for (const f of u.flags) lines.push(`          ${f.code.padEnd(17)} ${f.detail}`);
  }
  return lines.join('\n') + '\n';
}
