import type { City, HealthStatus } from '../../schema/enums';
import type { Store } from '../store/database';
import type { UnionHealthTable } from '../store/tables';
import { parseAsOf, todayInChina } from './calendar';
import { readMonitoredUnions, type Scope } from './monitored-unions';
import { readScopeSignals, readUnionSignals } from './read-signals';
import { evaluate, type HealthFlag, type Verdict } from './rules';
import { signalWindow, type UnionSignals } from './signals';
import { checkConsistent, DEFAULT_THRESHOLDS, thresholdsKey, type Thresholds } from './thresholds';
import { unionsTouchedBetween, verdictsForAnotherDate } from './touched-unions';
import {
  deleteVerdicts, readScopeStatuses, readStatuses, recordHistory, verdictsWithoutMonitoredUnion, writeVerdicts,
  type HistoryEntry,
} from './verdict-store';
import { latestSeq, readWatermark, saveWatermark, scopeKey, type EvaluationMode } from './watermark';

/**
 * One monitoring run: evaluate the grassroots unions of a scope as of a date and store the
 * verdicts. The first run of a scope, a new asOf, other thresholds or `full` evaluate every union
 * (FULL); otherwise only unions touched since the last run's change-log seq, plus any whose
 * verdict is for another date (INCREMENTAL). Re-running with nothing new changes nothing but the
 * watermark's time: the stored verdicts stay as they were.
 */
export interface RunOptions {
  /** yyyy-MM-dd; default today in China. */
  asOf?: string;
  /** One city's unions; null or absent: the whole province. */
  city?: City | null;
  thresholds?: Thresholds;
  /** Evaluate every union of the scope even if an incremental run would do. */
  full?: boolean;
  now?: () => Date;
}

export interface StatusChange {
  unionId: string;
  /** null: the union's first verdict. */
  previousStatus: HealthStatus | null;
  status: HealthStatus;
  flags: HealthFlag[];
}

export interface EvaluatedUnion {
  signals: UnionSignals;
  verdict: Verdict;
}

export interface RunResult {
  scope: string;
  city: City | null;
  asOf: string;
  mode: EvaluationMode;
  /** Unions evaluated by this run (all of the scope for FULL). */
  evaluated: EvaluatedUnion[];
  /** Verdicts removed because their union is no longer monitored. */
  removed: string[];
  changes: StatusChange[];
  /** The change-log seq this run covers. */
  seq: number;
  evaluatedAt: string;
  seconds: number;
  /** Where the time went: reading signals, applying the rules, writing verdicts. */
  phases: { readSeconds: number; evaluateSeconds: number; writeSeconds: number };
}

/** More new changes than this since the last run: a full evaluation is cheaper. */
export const MAX_INCREMENTAL_CHANGES = 200_000;

interface Plan {
  mode: EvaluationMode;
  signals: Map<string, UnionSignals>;
  removed: string[];
  previous: Map<string, HealthStatus>;
}

export async function runMonitoring(store: Store, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const asOf = options.asOf === undefined ? todayInChina(now()) : parseAsOf(options.asOf);
  const thresholds = options.thresholds ?? { ...DEFAULT_THRESHOLDS };
  checkConsistent(thresholds);
  const scope: Scope = { city: options.city ?? null };
  const key = scopeKey(scope.city);
  const rules = thresholdsKey(thresholds);
  // Read first: changes that land while we evaluate are after this seq and picked up next time.
  const seq = await latestSeq(store);
  const mark = await readWatermark(store, key);
  // Past a point, reading every new change costs more than re-reading every union (a first sync).
  const incremental = !options.full && mark !== null && mark.as_of === asOf && mark.thresholds === rules && seq - mark.seq <= MAX_INCREMENTAL_CHANGES;
  const plan = incremental
    ? await planIncremental(store, scope, asOf, mark.seq, seq)
    : await planFull(store, scope, asOf);

  const read = Date.now();
  const evaluatedAt = now().toISOString();
  const evaluated: EvaluatedUnion[] = [];
  const rows: UnionHealthTable[] = [];
  const changes: StatusChange[] = [];
  for (const signals of plan.signals.values()) {
    const verdict = evaluate(signals, asOf, thresholds);
    evaluated.push({ signals, verdict });
    rows.push(toRow(signals, verdict, asOf, evaluatedAt));
    const previous = plan.previous.get(signals.unionId) ?? null;
    if (previous !== verdict.status && !(previous === null && verdict.status === 'ACTIVE')) {
      changes.push({ unionId: signals.unionId, previousStatus: previous, status: verdict.status, flags: verdict.flags });
    }
  }
  const history: HistoryEntry[] = changes.map((c) => ({
    unionId: c.unionId, asOf, previousStatus: c.previousStatus, status: c.status, flags: JSON.stringify(c.flags), recordedAt: evaluatedAt,
  }));
  const ruled = Date.now();
  await store.db.transaction().execute(async (trx) => {
    await writeVerdicts(trx, rows);
    await deleteVerdicts(trx, plan.removed);
    await recordHistory(trx, history);
    await saveWatermark(trx, {
      scope: key, as_of: asOf, thresholds: rules, seq: Math.max(seq, mark?.seq ?? 0), mode: plan.mode,
      unions_evaluated: rows.length, evaluated_at: evaluatedAt,
    });
  });
  const written = Date.now();
  return {
    scope: key, city: scope.city, asOf, mode: plan.mode, evaluated, removed: plan.removed, changes, seq,
    evaluatedAt, seconds: (written - started) / 1000,
    phases: { readSeconds: (read - started) / 1000, evaluateSeconds: (ruled - read) / 1000, writeSeconds: (written - ruled) / 1000 },
  };
}

async function planFull(store: Store, scope: Scope, asOf: string): Promise<Plan> {
  const [signals, removed, previous] = [
    await readScopeSignals(store, scope, signalWindow(asOf)),
    await verdictsWithoutMonitoredUnion(store, scope),
    await readScopeStatuses(store, scope),
  ];
  return { mode: 'FULL', signals, removed, previous };
}

async function planIncremental(store: Store, scope: Scope, asOf: string, after: number, upTo: number): Promise<Plan> {
  const touched = await unionsTouchedBetween(store, after, upTo);
  const ids = [...new Set([...touched, ...(await verdictsForAnotherDate(store, scope, asOf))])];
  const signals = await readUnionSignals(store, scope, ids, signalWindow(asOf));
  // A touched union that is monitored nowhere (deleted, dissolved, now a federation) loses its verdict.
  const monitoredAnywhere = new Set((await readMonitoredUnions(store, { city: null }, touched)).map((u) => u.id));
  const removed = touched.filter((id) => !monitoredAnywhere.has(id));
  const previous = await readStatuses(store, [...signals.keys(), ...removed]);
  return { mode: 'INCREMENTAL', signals, removed: removed.filter((id) => previous.has(id)), previous };
}

function toRow(s: UnionSignals, v: Verdict, asOf: string, evaluatedAt: string): UnionHealthTable {
  return {
    union_id: s.unionId,
    status: v.status,
    flags: JSON.stringify(v.flags),
    last_activity_on: s.lastActivityOn,
    last_member_change_on: s.lastMemberChangeOn,
    dues_months_paid_last12: s.duesMonthsPaidLast12,
    as_of: asOf,
    evaluated_at: evaluatedAt,
  };
}
