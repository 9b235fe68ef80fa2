import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Registry } from 'prom-client';
import { applyBatch } from '../../adapters/pipeline/apply-batch';
import { mapProvincialRecord, SYSTEM } from '../../adapters/zhejiang-digital-union/map';
import { monitor, parseMonitorOptions, type MonitorOptions } from '../../cli/commands/monitor';
import type { Runtime } from '../../cli/runtime';
import { loadConfig } from '../../core/config';
import { InputError } from '../../core/errors';
import { registerHealthGauge } from '../../core/monitoring/health-gauge';
import { runMonitoring } from '../../core/monitoring/run';
import { latestSeq } from '../../core/monitoring/watermark';
import { DEFAULT_THRESHOLDS } from '../../core/monitoring/thresholds';
import type { Store } from '../../core/store/database';
import { testPii } from '../support/pii';
import { provincialMember, provincialUnion, residentId } from '../support/provincial-records';
import { STORE_VARIANTS } from '../support/stores';

/**
 * `hub monitor` and the monitoring job on a handful of unions written through the pipeline: the
 * table and JSON a county officer reads, the refusals of bad input, city scopes, alerts, and the
 * incremental cases the change log has to get right (a member moving away, a deleted activity,
 * a deleted union).
 */
const AS_OF = '2025-12-31';

interface Alert {
  asOf: string;
  scope: string;
  changes: Array<{ unionId: string; name: string; city: string; previousStatus: string | null; status: string; flags: Array<{ code: string }> }>;
}

/** A real HTTP endpoint for the alert URL: records what it is sent, answers `status`. */
async function alertSink(): Promise<{ url: string; received: Alert[]; status: { code: number }; close(): Promise<void> }> {
  const received: Alert[] = [];
  const status = { code: 204 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Alert);
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/union-health`, received, status, close: () => new Promise((r) => server.close(() => r())) };
}

let seq = 0;
const activity = (id: string, unionId: string, kind: string, date: string, over: Record<string, unknown> = {}) => ({
  id, unionId, kind, date, participants: kind === 'DUES' ? null : 10, amountYuan: kind === 'DUES' ? 120 : null,
  updatedAt: `${date}T08:00:00.000Z`, deleted: false, ...over,
});
const member = (id: string, unionId: string, updatedAt: string, over: Record<string, unknown> = {}) =>
  provincialMember(id, { unionId, idNumber: residentId('330106', '19900101', String(100 + ++seq).padStart(3, '0')), updatedAt, occupations: [], ...over });

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('hub monitor on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let runtime: Runtime;
  let sink: Awaited<ReturnType<typeof alertSink>>;
  let dataDir: string;

  async function apply(resource: string, records: unknown[]): Promise<void> {
    const counts = await applyBatch(store, testPii(), {
      sourceId: 'province', system: SYSTEM, records: records.map((raw) => ({ resource, raw, deliveryId: '' })),
      map: (r, raw) => mapProvincialRecord(r, raw),
    });
    expect(counts.deadLetters).toBe(0);
  }

  async function run(options: Partial<MonitorOptions> = {}) {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => { text += c.toString(); });
    const report = await monitor(runtime, { asOf: AS_OF, city: null, json: false, full: false, statuses: ['INACTIVE', 'AT_RISK'], ...options }, out);
    return { report, text };
  }

  beforeAll(async () => {
    store = await variant.open();
    sink = await alertSink();
    dataDir = mkdtempSync(join(tmpdir(), 'monitor-job-'));
    const config = loadConfig({ dataDir, env: {} });
    runtime = { config: { ...config, monitoring: { ...config.monitoring, alertUrl: sink.url } }, store, pii: testPii(), close: async () => undefined };
    await apply('organizations/330100', [
      provincialUnion('ZJGH0001000', { name: '杭州市总工会', unionType: 'FEDERATION', division: '330100', parentId: 'ZJGH0000000' }),
      provincialUnion('ZJGH0001001', { name: '西湖区某科技公司工会委员会', parentId: 'ZJGH0001000' }),
      provincialUnion('ZJGH0001002', { name: '西湖区某商贸公司工会委员会', parentId: 'ZJGH0001000' }),
      provincialUnion('ZJGH0001003', { name: '西湖区某物流公司工会委员会', parentId: 'ZJGH0001000', foundedOn: '2020-01-01' }),
    ]);
    await apply('organizations/330200', [provincialUnion('ZJGH0002001', { name: '慈溪市某电器公司工会委员会', division: '330282', parentId: null })]);
    await apply('activities', [
      activity('ZJHD1', 'ZJGH0001001', 'MEETING', '2025-12-01'), activity('ZJHD2', 'ZJGH0001001', 'DUES', '2025-12-01'),
      activity('ZJHD3', 'ZJGH0001002', 'MEETING', '2025-03-01'), activity('ZJHD4', 'ZJGH0001002', 'DUES', '2025-02-01'),
      activity('ZJHD5', 'ZJGH0002001', 'EVENT', '2025-12-10'), activity('ZJHD6', 'ZJGH0002001', 'DUES', '2025-10-01'),
    ]);
    await apply('members/330100', [member('ZJHY1', 'ZJGH0001001', '2025-11-01T00:00:00.000Z'), member('ZJHY2', 'ZJGH0001002', '2025-01-10T00:00:00.000Z')]);
    await apply('members/330200', [member('ZJHY3', 'ZJGH0002001', '2025-12-01T00:00:00.000Z')]);
  });

  afterAll(async () => {
    await sink?.close();
    await store?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the unions to follow up, INACTIVE first, each flag with what to act on, and POSTs the changes', async () => {
    const { report, text } = await run();
    expect(report.job.run).toMatchObject({ mode: 'FULL', asOf: AS_OF });
    expect(report.job.run.evaluated).toHaveLength(4);
    expect(text).toContain('full evaluation as of 2025-12-31: 4 grassroots union(s) evaluated');
    expect(text).toContain('province: 4 monitored · 2 INACTIVE · 0 AT_RISK · 2 ACTIVE');
    const lines = text.split('\n');
    const quiet = lines.findIndex((l) => l.startsWith('INACTIVE  ZJGH0001002  HANGZHOU 西湖区  西湖区某商贸公司工会委员会'));
    const empty = lines.findIndex((l) => l.startsWith('INACTIVE  ZJGH0001003'));
    expect(quiet).toBeGreaterThan(0);
    expect(empty).toBeGreaterThan(quiet);
    expect(lines[quiet + 1].trim()).toBe('NO_ACTIVITY       no activity, dues or member change since 2025-03-01 (305 days)');
    expect(lines[quiet + 2].trim()).toBe('NO_DUES           no dues paid since the payment for 2025-02 (1 of the last 12 months paid)');
    expect(text).toContain('NO_MEMBERS        no active members on the roll');
    expect(text).not.toContain('ZJGH0001001');
    expect(text).toContain('alert: 2 status change(s) posted');

    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toMatchObject({ asOf: AS_OF, scope: 'PROVINCE' });
    expect(sink.received[0].changes.map((c) => [c.unionId, c.previousStatus, c.status, c.city])).toEqual([
      ['ZJGH0001002', null, 'INACTIVE', 'HANGZHOU'], ['ZJGH0001003', null, 'INACTIVE', 'HANGZHOU'],
    ]);
    expect(sink.received[0].changes[0].name).toBe('西湖区某商贸公司工会委员会');
  });

  it('prints JSON with the summary and every flagged union; a re-run evaluates nothing and posts nothing', async () => {
    const { text } = await run({ json: true });
    const json = JSON.parse(text) as { mode: string; evaluated: number; summary: Record<string, unknown>; unions: Array<{ id: string; status: string; divisionName: string; flags: Array<{ code: string; since: string | null }> }> };
    expect(json).toMatchObject({ mode: 'INCREMENTAL', evaluated: 0, summary: { total: 4, inactive: 2, atRisk: 0, active: 2, asOf: AS_OF } });
    expect(json.unions.map((u) => [u.id, u.status, u.divisionName])).toEqual([['ZJGH0001002', 'INACTIVE', '西湖区'], ['ZJGH0001003', 'INACTIVE', '西湖区']]);
    expect(json.unions[0].flags[0]).toEqual({ code: 'NO_ACTIVITY', detail: 'no activity, dues or member change since 2025-03-01 (305 days)', since: '2025-03-01' });
    expect(sink.received).toHaveLength(1);
  });

  it('refuses bad input naming the value, before anything is evaluated', () => {
    expect(() => parseMonitorOptions({ asOf: '2025-02-30' })).toThrow(InputError);
    expect(() => parseMonitorOptions({ asOf: '2025-02-30' })).toThrow('--as-of must be a date written yyyy-MM-dd, got "2025-02-30"');
    expect(() => parseMonitorOptions({ city: 'ATLANTIS' })).toThrow('unknown city "ATLANTIS"; expected one of HANGZHOU, NINGBO,');
    expect(() => parseMonitorOptions({ status: 'INACTIVE,SLEEPY' })).toThrow('unknown status "SLEEPY"');
    expect(parseMonitorOptions({ city: 'ningbo' }).city).toBe('NINGBO');
    expect(parseMonitorOptions({ city: '330200', asOf: '2025-12-31' })).toMatchObject({ city: 'NINGBO', asOf: '2025-12-31' });
  });

  it('evaluates one city alone with --city, listing only its unions', async () => {
    const { report, text } = await run({ city: 'NINGBO', statuses: ['ACTIVE', 'AT_RISK', 'INACTIVE'] });
    expect(report.job.run).toMatchObject({ scope: 'NINGBO', mode: 'FULL' });
    expect(report.job.run.evaluated.map((e) => e.signals.unionId)).toEqual(['ZJGH0002001']);
    expect(report.flagged.map((u) => u.id)).toEqual(['ZJGH0002001']);
    expect(text).toContain('NINGBO: 1 monitored · 0 INACTIVE · 0 AT_RISK · 1 ACTIVE');
  });

  it('exposes the verdicts as a Prometheus gauge by city and status', async () => {
    const registry = new Registry();
    registerHealthGauge(registry, store);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE hub_union_health gauge');
    expect(text).toContain('hub_union_health{city="HANGZHOU",status="INACTIVE"} 2');
    expect(text).toContain('hub_union_health{city="HANGZHOU",status="ACTIVE"} 1');
    expect(text).toContain('hub_union_health{city="NINGBO",status="ACTIVE"} 1');
  });

  it('folds activities and dues into windowed signals: a month paid twice counts once, later events do not count', async () => {
    await apply('activities', [
      activity('ZJHD7', 'ZJGH0002001', 'DUES', '2025-10-01', { amountYuan: 15 }), // a second payment for October
      activity('ZJHD8', 'ZJGH0002001', 'DUES', '2024-12-01'), // before the 12-month window
      activity('ZJHD9', 'ZJGH0002001', 'MEETING', '2025-08-01'), // in the last 180 days, not the last 90
      activity('ZJHD10', 'ZJGH0002001', 'CHECKUP', '2026-06-01'), // after asOf
    ]);
    const result = await runMonitoring(store, { asOf: AS_OF });
    expect(result.evaluated.map((e) => e.signals)).toEqual([expect.objectContaining({
      unionId: 'ZJGH0002001', lastActivityOn: '2025-12-10', activitiesLast90: 1, activitiesLast180: 2, lastDuesOn: '2025-10-01', duesMonthsPaidLast12: 1,
    })]);
    const asOfJune = await runMonitoring(store, { asOf: '2026-06-15', city: 'NINGBO' });
    expect(asOfJune.evaluated[0].signals).toMatchObject({ lastActivityOn: '2026-06-01', activitiesLast90: 1, activitiesLast180: 1, duesMonthsPaidLast12: 1 });
  });

  it('re-evaluates the union a member moved away from, and the one they joined', async () => {
    await apply('members/330200', [member('ZJHY1', 'ZJGH0002001', '2025-12-20T00:00:00.000Z', { idNumber: residentId('330106', '19900101', '101') })]);
    const result = await runMonitoring(store, { asOf: AS_OF });
    expect(result.mode).toBe('INCREMENTAL');
    expect(result.evaluated.map((e) => e.signals.unionId).sort()).toEqual(['ZJGH0001001', 'ZJGH0002001']);
    const left = result.evaluated.find((e) => e.signals.unionId === 'ZJGH0001001')!;
    expect(left.signals).toMatchObject({ membersNow: 0, members90DaysAgo: 0, lastMemberChangeOn: '2025-11-01' });
    expect(left.verdict).toEqual({ status: 'AT_RISK', flags: [{ code: 'NO_MEMBERS', detail: 'no active members on the roll', since: null }] });
    expect(result.evaluated.find((e) => e.signals.unionId === 'ZJGH0002001')!.signals).toMatchObject({ membersNow: 2, lastMemberChangeOn: '2025-12-20' });
  });

  it('re-evaluates the union of a deleted activity, which the change log records without a union', async () => {
    await apply('activities', [activity('ZJHD1', 'ZJGH0001001', 'MEETING', '2025-12-01', { deleted: true, updatedAt: '2025-12-22T00:00:00.000Z' })]);
    const result = await runMonitoring(store, { asOf: AS_OF });
    expect(result.evaluated.map((e) => e.signals.unionId)).toEqual(['ZJGH0001001']);
    expect(result.evaluated[0].signals).toMatchObject({ lastActivityOn: null, lastDuesOn: '2025-12-01', activitiesLast90: 0 });
  });

  it('drops the verdict of a deleted union, and starts over for another date or other thresholds', async () => {
    await apply('organizations/330100', [{ ...provincialUnion('ZJGH0001003'), deleted: true, updatedAt: '2025-12-23T00:00:00.000Z' }]);
    const result = await runMonitoring(store, { asOf: AS_OF });
    expect(result.removed).toEqual(['ZJGH0001003']);
    expect(result.evaluated).toEqual([]);
    expect(await store.db.selectFrom('union_health').select('union_id').where('union_id', '=', 'ZJGH0001003').execute()).toEqual([]);

    const later = await runMonitoring(store, { asOf: '2026-03-31' });
    expect(later.mode).toBe('FULL');
    expect(later.evaluated).toHaveLength(3);
    // Three months on, the Ningbo union's last dues (October) are 181 days old and its last event 111 days.
    const ningbo = later.evaluated.find((e) => e.signals.unionId === 'ZJGH0002001')!;
    expect(ningbo.verdict.status).toBe('AT_RISK');
    expect(ningbo.verdict.flags.map((f) => f.code)).toEqual(['NO_ACTIVITY', 'NO_DUES']);
    const stricter = await runMonitoring(store, { asOf: '2026-03-31', thresholds: { ...DEFAULT_THRESHOLDS, atRiskSilentDays: 30, inactiveSilentDays: 100 } });
    expect(stricter.mode).toBe('FULL');
    expect(stricter.evaluated.find((e) => e.signals.unionId === 'ZJGH0002001')!.verdict.status).toBe('INACTIVE');
  });

  it('waits for a change-log write in flight before taking its watermark, so no change is skipped', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let inserted = 0;
    const writer = store.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('change_log').values({
        recorded_at: new Date().toISOString(), source_id: 'province', system: SYSTEM, entity: 'activity', entity_id: 'ZJHD-INFLIGHT',
        op: 'UPSERT', version: 1, union_id: 'ZJGH0002001', occurred_on: '2025-12-30',
      }).returning('seq').executeTakeFirstOrThrow();
      inserted = Number(row.seq);
      await held;
    });
    while (inserted === 0) await new Promise((r) => setTimeout(r, 5));
    const seq = latestSeq(store);
    setTimeout(release, 200);
    await writer;
    expect(await seq).toBeGreaterThanOrEqual(inserted);
  });

  it('reports a failed alert without losing the run', async () => {
    sink.status.code = 500;
    const { report, text } = await run({ asOf: '2025-12-31', full: true });
    expect(report.job.alert?.error).toBe('alert URL answered HTTP 500 for part 1 of 1');
    expect(text).toContain('alert: alert URL answered HTTP 500 for part 1 of 1');
    const stored = await store.db.selectFrom('union_health').select(['as_of']).distinct().execute();
    expect(stored).toEqual([{ as_of: '2025-12-31' }]);
  });
});
