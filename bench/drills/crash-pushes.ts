import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import type { InboxStatus } from '../../core/store/tables';
import { waitFor, type HubProcess } from './hub-process';
import { planBurst, sendAll, type BurstPlan, type PlannedDelivery } from './push-burst';

/**
 * Drill: `kill -9` the ingest process in the middle of a burst of pushes, restart it, let the
 * upstream send again what was not acknowledged (as upstreams retry), and compare the store
 * with what the burst says it must hold.
 */
export interface PushCrashOptions {
  store: Store;
  pii: PiiCipher;
  /** Starts `hub serve ingest` (a fresh process each call), resolving once it listens. */
  startIngest: () => Promise<HubProcess>;
  ingestUrl: string;
  secret: string;
  total: number;
  /** Kill once this share of the deliveries is acknowledged. */
  killAt?: number;
  concurrency?: number;
}

export interface PushCrashReport {
  figures: BurstPlan['figures'];
  acknowledgedBeforeKill: number;
  /** Deliveries stored and acknowledged but not applied when the process died. */
  pendingAtKill: number;
  resentAfterRestart: number;
  /** Acknowledged before the kill, yet missing from the inbox or never applied. */
  acknowledgedButLost: string[];
  /** Delivery ids with more than one inbox row, or applied more than once. */
  appliedTwice: string[];
  /** Members whose stored name or version is not the newest well-formed one. */
  wrongMembers: string[];
  membersStored: number;
  membersExpected: number;
  /** (member, version) pairs written to the change log more than once. */
  doubleChanges: number;
  deadLetterDeliveries: string[];
  malformedDeliveries: string[];
  unacknowledgedAtEnd: number;
  seconds: { burst: number; restart: number; total: number };
}

export async function runPushCrashDrill(options: PushCrashOptions): Promise<PushCrashReport> {
  const started = Date.now();
  const plan = planBurst(options.total);
  const concurrency = options.concurrency ?? 16;
  const killAfter = Math.round(plan.deliveries.length * (options.killAt ?? 0.5));

  let hub = await options.startIngest();
  const acked = new Set<string>();
  let killing: Promise<void> | null = null;
  const first = await sendAll(options.ingestUrl, options.secret, plan.deliveries, {
    concurrency,
    onOutcome: (index, outcome) => {
      if (!outcome.acknowledged) return;
      acked.add(plan.deliveries[index].id);
      if (acked.size >= killAfter && !killing) killing = hub.kill9();
    },
  });
  await killing;
  const burstSeconds = (Date.now() - started) / 1000;
  const acknowledgedBeforeKill = acked.size;
  const pendingAtKill = await countInbox(options.store, 'PENDING');

  const restarted = Date.now();
  hub = await options.startIngest();
  try {
    // Before anything new arrives: what was acknowledged but not applied is applied on start.
    await waitFor('pending deliveries applied after restart', async () => (await countInbox(options.store, 'PENDING')) === 0, hub);
    const unsent = plan.deliveries.filter((d, i) => !first[i].acknowledged && !acked.has(d.id));
    const again = await sendAll(options.ingestUrl, options.secret, unsent, { concurrency });
    again.forEach((o, i) => { if (o.acknowledged) acked.add(unsent[i].id); });
    await waitFor('every delivery applied', async () => (await countInbox(options.store, 'PENDING')) === 0, hub);
    const checks = await checkStore(options.store, plan, new Set(first.flatMap((o, i) => (o.acknowledged ? [plan.deliveries[i].id] : []))));
    return {
      figures: plan.figures,
      acknowledgedBeforeKill,
      pendingAtKill,
      resentAfterRestart: unsent.length,
      ...checks,
      unacknowledgedAtEnd: plan.distinctIds.filter((id) => !acked.has(id)).length,
      seconds: { burst: burstSeconds, restart: (Date.now() - restarted) / 1000, total: (Date.now() - started) / 1000 },
    };
  } finally {
    await hub.kill9();
  }
}

async function countInbox(store: Store, status: InboxStatus): Promise<number> {
  const row = await store.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}

type StoreChecks = Pick<PushCrashReport, 'acknowledgedButLost' | 'appliedTwice' | 'wrongMembers' | 'membersStored' | 'membersExpected' | 'doubleChanges' | 'deadLetterDeliveries' | 'malformedDeliveries'>;

async function checkStore(store: Store, plan: BurstPlan, ackedBeforeKill: Set<string>): Promise<StoreChecks> {
  const inbox = await store.db.selectFrom('inbox').select(['delivery_id', 'status', 'attempts']).execute();
  const rows = new Map<string, Array<{ status: string; attempts: number }>>();
  for (const r of inbox) rows.set(r.delivery_id, [...(rows.get(r.delivery_id) ?? []), { status: r.status, attempts: Number(r.attempts) }]);
  const acknowledgedButLost = [...ackedBeforeKill].filter((id) => !rows.get(id)?.every((r) => r.status === 'APPLIED' || r.status === 'DEAD'));
  const appliedTwice = [...rows].filter(([, rs]) => rs.length > 1 || rs[0].attempts !== 1).map(([id]) => id);

  const stored = await store.db.selectFrom('member_sources').select(['source_id', 'name', 'version']).execute();
  const wrongMembers = stored.filter((m) => {
    const expected = plan.truth.get(m.source_id);
    return !expected || expected.name !== m.name || expected.version !== Number(m.version);
  }).map((m) => m.source_id);
  const storedIds = new Set(stored.map((m) => m.source_id));
  wrongMembers.push(...[...plan.truth.keys()].filter((id) => !storedIds.has(id)));

  const changes = await store.db.selectFrom('change_log').select(['entity_id', 'version']).where('entity', '=', 'member').execute();
  const seen = new Set(changes.map((c) => `${c.entity_id}@${c.version}`));
  const letters = await store.db.selectFrom('dead_letters').select('delivery_id').execute();
  return {
    acknowledgedButLost,
    appliedTwice,
    wrongMembers,
    membersStored: stored.length,
    membersExpected: plan.truth.size,
    doubleChanges: changes.length - seen.size,
    deadLetterDeliveries: [...new Set(letters.map((l) => l.delivery_id))].sort(),
    malformedDeliveries: [...plan.malformedIds].sort(),
  };
}

export type { PlannedDelivery };
