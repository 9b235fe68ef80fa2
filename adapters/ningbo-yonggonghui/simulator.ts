import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CODE } from './envelope';
import { formatLocalTimestamp, parseLocalTimestamp } from './local-time';
import { RESOURCES, type NingboResource } from './map';
import type { MemberEvent, MemberEventType } from './push';
import { PARAMETER_ERROR, RequestAuthenticator } from './simulator-auth';
import { NingboSlice, type RowOf } from './simulator-data';
import { FaultSchedule, type FaultKind, type NingboFaults } from './simulator-faults';
import {
  toNingboActivity, toNingboDues, toNingboMember, toNingboStation, toNingboUnion, type NingboRecord, type Served,
} from './simulator-format';
import { memberEventsUrl, newEventId, sendMemberEvents, type DeliveryReport, type SendOptions } from './simulator-push';
import { RateWindow } from './simulator-rate-limit';
import { listenSimulator } from '../simulator-listen';

export { messOf, type MemberMess } from './simulator-mess';
export { signedHeaders, memberEventsUrl, sendMemberEvents } from './simulator-push';
export type { NingboFaults, FaultKind } from './simulator-faults';
export type { NingboRecord } from './simulator-format';

/**
 * A simulator of 甬工惠's open API v2 (city-apis/ningbo-yonggonghui.md) over the Ningbo slice of a
 * synthetic province.sqlite (the rows whose system is ningbo-yonggonghui): a real HTTP server that
 * checks signatures, timestamps and nonces as the contract says, answers in the `code` envelope
 * inside HTTP 200, pages by pageNo over (gxsj, id) from gxsjStart, renders Ningbo's own format
 * (simulator-format.ts) with its messy values (simulator-mess.ts), can raise the contract's
 * faults (simulator-faults.ts), and pushes signed member events (simulator-push.ts).
 */
export const DEFAULT_BASE_PATH = '/ygh/open/v2';
export const MAX_PAGE_SIZE = 500;
/** Requests kept for requestLog(): a long-running demo simulator must not grow without bound. */
const LOG_LIMIT = 10_000;

export interface NingboSimulatorOptions {
  dataFile: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  appKey: string;
  appSecret: string;
  basePath?: string;
  faults?: NingboFaults;
  /** The hub's ingest base URL (or the member-events endpoint itself) for pushMemberEvents. */
  pushTo?: string;
  /** The contract's limit per appKey; 0 turns it off. Default 10. */
  requestsPerSecond?: number;
}

export interface RequestRecord {
  n: number;
  resource: string;
  pageNo: number | null;
  gxsjStart: string | null;
  /** The envelope code answered, or the HTTP-level fault. */
  outcome: number | 'maintenance' | 'truncate';
  fault: FaultKind | null;
}

export interface MemberChange {
  id: string;
  eventType: MemberEventType;
  /** New values, as province.sqlite columns (`status`, `union_id`, `mobile`, `name`…). */
  set?: Record<string, string | number | null>;
}

export interface NingboSimulator {
  /** Base URL including the base path, e.g. http://127.0.0.1:41234/ygh/open/v2 */
  url: string;
  port: number;
  /** Resource requests answered, faults raised by kind, records moved while a client paged. */
  stats(): { requests: number; faults: Record<FaultKind, number>; moved: number };
  requestLog(): RequestRecord[];
  setFaults(faults: NingboFaults): void;
  /** The upstream starts signing with another secret (a rotation the hub has not heard of). */
  rotateSecret(appSecret: string): void;
  /**
   * Changes records as an upstream edit would (one new gxsj) and returns them as served; `deleted`
   * makes tombstones. Several ids share their gxsj, like a bulk import stamped with one time.
   */
  mutate(change: { resource: NingboResource; id: string; set?: Record<string, string | number | null>; deleted?: boolean }): NingboRecord;
  mutateMany(change: { resource: NingboResource; ids: string[]; set?: Record<string, string | number | null>; deleted?: boolean }): NingboRecord[];
  /** Applies member changes in order and pushes one event each, duplicated and reordered by default. */
  pushMemberEvents(changes: MemberChange[], options?: SendOptions): Promise<{ events: MemberEvent[]; deliveries: DeliveryReport[] }>;
  close(): Promise<void>;
}

const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>系统维护中</title></head>
<body><h1>系统维护中</h1><p>甬工惠开放平台每日 01:00–01:30 例行维护，请稍后再试。</p></body></html>
`;

function render(resource: NingboResource, row: Served<RowOf[NingboResource]>): NingboRecord {
  switch (resource) {
    case 'unions': return toNingboUnion(row as Served<RowOf['unions']>);
    case 'members': return toNingboMember(row as Served<RowOf['members']>);
    case 'activities': return toNingboActivity(row as Served<RowOf['activities']>);
    case 'dues': return toNingboDues(row as Served<RowOf['dues']>);
    case 'stations': return toNingboStation(row as Served<RowOf['stations']>);
  }
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function envelope(res: ServerResponse, code: number, msg: string, data: unknown = null): void {
  sendJson(res, { code, msg, data });
}

/** pageNo, pageSize and gxsjStart, or the reason they cannot be read. */
function pageParameters(q: URLSearchParams): { pageNo: number; pageSize: number; gxsjStart: string } | string {
  const pageNo = Number(q.get('pageNo') ?? '1');
  const pageSize = Number(q.get('pageSize') ?? '20');
  const gxsjStart = q.get('gxsjStart') ?? '1970-01-01 00:00:00';
  if (!Number.isInteger(pageNo) || pageNo < 1) return `pageNo must be a whole number from 1, got ${q.get('pageNo')}`;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return `pageSize must be 1 to ${MAX_PAGE_SIZE}, got ${q.get('pageSize')}`;
  if (parseLocalTimestamp(gxsjStart) === null) return `gxsjStart must be yyyy-MM-dd HH:mm:ss, got ${gxsjStart}`;
  return { pageNo, pageSize, gxsjStart };
}

export async function startNingboSimulator(options: NingboSimulatorOptions): Promise<NingboSimulator> {
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const data = new NingboSlice(options.dataFile);
  const auth = new RequestAuthenticator(options.appKey, options.appSecret);
  const rate = new RateWindow(options.requestsPerSecond ?? 10);
  const schedule = new FaultSchedule(options.faults);
  const log: RequestRecord[] = [];
  let appSecret = options.appSecret;
  let requests = 0;
  let moved = 0;
  /** Ends slow answers still waiting when the simulator closes. */
  const closing = new AbortController();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '');
    const resource = path.startsWith(basePath + '/') ? path.slice(basePath.length + 1) : '';
    if (!(RESOURCES as readonly string[]).includes(resource)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 Not Found');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('405 Method Not Allowed');
      return;
    }
    const n = ++requests;
    const fault = schedule.due(n);
    const q = url.searchParams;
    const entry: RequestRecord = {
      n, resource, pageNo: Number(q.get('pageNo')) || null, gxsjStart: q.get('gxsjStart'), outcome: CODE.OK, fault,
    };
    log.push(entry);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    const answer = (code: number, msg: string, body: unknown = null) => {
      entry.outcome = code;
      envelope(res, code, msg, body);
    };
    if (fault === 'maintenance') {
      entry.outcome = 'maintenance';
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(MAINTENANCE_PAGE)) });
      res.end(MAINTENANCE_PAGE);
      return;
    }
    const verdict = auth.check(Object.fromEntries(q));
    if (!verdict.ok) return answer(verdict.code, verdict.msg);
    if (fault === 'timestamp') return answer(CODE.TIMESTAMP_OUT_OF_WINDOW, '时间戳超出有效范围');
    if (fault === 'nonce') return answer(CODE.NONCE_REUSED, 'nonce重复');
    const wait = rate.admit();
    if (wait > 0) return answer(CODE.RATE_LIMITED, '请求过于频繁', { retryAfter: wait });
    if (fault === 'rateLimit') return answer(CODE.RATE_LIMITED, '请求过于频繁', { retryAfter: schedule.settings.retryAfterSeconds ?? 1 });
    if (fault === 'internalError') return answer(CODE.INTERNAL_ERROR, '系统内部错误');
    const page = pageParameters(q);
    if (typeof page === 'string') return answer(PARAMETER_ERROR, `参数错误: ${page}`);
    const r = resource as NingboResource;
    if (fault === 'changeWhilePaging') {
      const id = data.firstMovable(r, page.gxsjStart);
      if (id) {
        data.change(r, id);
        moved++;
      }
    }
    const { total, rows } = data.page(r, page.gxsjStart, page.pageNo, page.pageSize);
    const body = { code: CODE.OK, msg: '成功', data: { total, pageNo: page.pageNo, pageSize: page.pageSize, list: rows.map((row) => render(r, row)) } };
    if (fault === 'slow') await sleep(schedule.settings.slowMs ?? 1500, undefined, { signal: closing.signal });
    if (fault === 'truncate') {
      entry.outcome = 'truncate';
      const bytes = Buffer.from(JSON.stringify(body));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      // Give the half a moment to leave, then drop the connection mid-body.
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (res.destroyed) return;
    sendJson(res, body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) envelope(res, CODE.INTERNAL_ERROR, '系统内部错误');
    });
  });
  const { port, origin } = await listenSimulator(server, options.port, options.host);

  return {
    url: `${origin}${basePath}`,
    port,
    stats: () => ({ requests, faults: schedule.counts(), moved }),
    requestLog: () => [...log],
    setFaults: (faults) => schedule.set(faults),
    rotateSecret: (secret) => {
      appSecret = secret;
      auth.rotateSecret(secret);
    },
    mutate: (change) => {
      const columns = { ...(change.set ?? {}), ...(change.deleted === undefined ? {} : { deleted: change.deleted ? 1 : 0 }) };
      return render(change.resource, data.change(change.resource, change.id, columns)[0]);
    },
    mutateMany: (change) => {
      const columns = { ...(change.set ?? {}), ...(change.deleted === undefined ? {} : { deleted: change.deleted ? 1 : 0 }) };
      return data.change(change.resource, change.ids, columns).map((row) => render(change.resource, row));
    },
    pushMemberEvents: async (changes, sendOptions) => {
      if (!options.pushTo) throw new Error('pushMemberEvents needs the pushTo option (the hub ingest URL)');
      const events: MemberEvent[] = changes.map((c) => {
        const record = render('members', data.change('members', c.id, c.set ?? {})[0]);
        return { eventId: newEventId(), eventType: c.eventType, occurTime: String(record.gxsj ?? formatLocalTimestamp(Date.now())), data: record };
      });
      const deliveries = await sendMemberEvents(memberEventsUrl(options.pushTo), { appKey: options.appKey, appSecret }, events, sendOptions);
      return { events, deliveries };
    },
    close: () => new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => {
        data.close();
        resolve();
      });
      server.closeAllConnections();
    }),
  };
}
