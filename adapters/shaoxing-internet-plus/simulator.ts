import Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangesWhilePaging } from './simulator-churn';
import { BadCursor, CURSOR_VALIDITY_MS, decodeCursor, encodeCursor } from './simulator-cursor';
import { FaultSchedule, type FaultName, type ShaoxingFaults } from './simulator-faults';
import { BEGINNING, positionOf, ShaoxingFeed, type Position } from './simulator-feed';
import { CONTENT_TYPE, renderError, renderPage, toGbk } from './simulator-format';
import { shortLivedRecords } from './simulator-ghosts';
import { MessyValues } from './simulator-messy';
import { SlidingWindow } from './simulator-rate-limit';
import { TokenIssuer } from './simulator-tokens';
import { listenSimulator } from '../simulator-listen';

export { ALL_FAULTS } from './simulator-faults';
export type { ShaoxingFaults } from './simulator-faults';

/**
 * A simulator of Shaoxing's "互联网+" data exchange API (city-apis/shaoxing-internet-plus.md) over a
 * synthetic province.sqlite: a real HTTP server that issues client-credentials tokens and serves
 * the rows Shaoxing owns (unions SXGH…, enterprises SXQY…, members SXHY…, stations SXZD…,
 * formation applications SXSQ…) as one change feed in commit order, in GBK-encoded XML with the
 * contract's Chinese code values, BD-09 coordinates and messy-but-allowed spellings, and a few
 * records created and deleted again. It enforces 5 requests/s and `limit` ≤ 200, and can switch
 * on the faults in simulator-faults.ts at start or while running.
 */
export const FEED_PATH = '/api/formation/v1/changes';
export const TOKEN_PATH = '/oauth/token';
export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;
const MAX_FORM_BYTES = 8 * 1024;

export interface ShaoxingSimulatorOptions {
  dataFile: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  faults?: ShaoxingFaults;
  /** What tokens say they live (`expires_in`); the contract's example is 7200. */
  tokenExpiresInSeconds?: number;
  /** The contract's limit is 5; 0 turns the limit off. */
  rateLimitPerSecond?: number;
  /** How long a cursor stays valid; the contract says 30 days. */
  cursorValidityMs?: number;
}

export interface SimulatorStats {
  feedRequests: number;
  tokenRequests: number;
  tokensIssued: number;
  /** Requests refused by the real rate limit (not the injected fault). */
  rateLimited: number;
  /** Requests that came before the Retry-After of an earlier 429 had passed. */
  earlyReturns: number;
  /** Faults injected, by name. */
  injected: Partial<Record<FaultName, number>>;
  /** Commits made by the changes-while-paging fault (edits, re-saves and restores). */
  changesWhilePaging: number;
}

export interface FeedRequestLog {
  cursor: string | null;
  status: number;
}

export interface ShaoxingSimulator {
  /** The base URL, e.g. http://127.0.0.1:41234 (the contract's paths hang below it). */
  url: string;
  port: number;
  setFaults(faults: ShaoxingFaults): void;
  /** Every token issued so far stops working. */
  revokeTokens(): void;
  stats(): SimulatorStats;
  /** Every change-feed request so far: the cursor it carried and the status it got. */
  feedLog(): readonly FeedRequestLog[];
  close(): Promise<void>;
}

class BadParameter extends Error {}

function send(res: ServerResponse, status: number, body: Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': String(body.length), ...headers });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  send(res, status, toGbk(renderError(code, message)), headers);
}

function parseLimit(value: string | null): number {
  if (value === null) return DEFAULT_LIMIT;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new BadParameter(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${JSON.stringify(value)}`);
  return n;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new BadParameter('the form body is too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startShaoxingSimulator(options: ShaoxingSimulatorOptions): Promise<ShaoxingSimulator> {
  const db = new Database(options.dataFile, { readonly: true, fileMustExist: true });
  db.pragma('mmap_size = 1073741824');
  const messy = new MessyValues(db);
  const feed = new ShaoxingFeed(db, shortLivedRecords(db, (id) => messy.hasRareName(id)));
  const churn = new ChangesWhilePaging(feed);
  const tokens = new TokenIssuer(options.clientId, options.clientSecret, options.tokenExpiresInSeconds ?? 7200);
  const window = new SlidingWindow(options.rateLimitPerSecond ?? 5);
  const cursorValidityMs = options.cursorValidityMs ?? CURSOR_VALIDITY_MS;
  const closing = new AbortController();
  const schedule = new FaultSchedule();
  const stats: SimulatorStats = { feedRequests: 0, tokenRequests: 0, tokensIssued: 0, rateLimited: 0, earlyReturns: 0, injected: {}, changesWhilePaging: 0 };
  const log: FeedRequestLog[] = [];
  let serverErrors = 0;
  let truncations = 0;

  const setFaults = (f: ShaoxingFaults): void => {
    schedule.switchTo(f);
    tokens.lifetimeMs = f.tokenLifetimeMs ?? null;
  };
  setFaults(options.faults ?? {});
  const inject = (name: FaultName): void => {
    stats.injected[name] = (stats.injected[name] ?? 0) + 1;
  };

  /** After a 429, no request should arrive before its Retry-After has passed (timer slack allowed). */
  let notBefore = 0;
  const tooManyRequests = (res: ServerResponse, retryAfterSeconds: number, message: string): void => {
    notBefore = Date.now() + retryAfterSeconds * 1000 - 20;
    sendError(res, 429, 'RATE_LIMITED', message, { 'retry-after': String(retryAfterSeconds) });
  };
  const arrived = (): void => {
    if (Date.now() < notBefore) stats.earlyReturns++;
  };

  /** The contract's real limit, shared by every endpoint. */
  const overLimit = (res: ServerResponse): boolean => {
    const retryAfter = window.admit(Date.now());
    if (retryAfter === 0) return false;
    stats.rateLimited++;
    tooManyRequests(res, retryAfter, '请求过于频繁 (limit 5 requests/s)');
    return true;
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.tokenRequests++;
    arrived();
    if (overLimit(res)) return;
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return sendError(res, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const result = tokens.grant(await readForm(req), Date.now());
    stats.tokensIssued = tokens.issued;
    if (result.grant) {
      const body = Buffer.from(JSON.stringify(result.grant));
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': String(body.length), 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    sendError(res, result.status, result.error?.code ?? 'invalid_request', result.error?.message ?? '');
  };

  /** The refusals that come before a page is read, in the order a real gateway would give them; true when one was sent. */
  const refused = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (schedule.current.outage) {
      inject('outage');
      sendError(res, 503, 'SERVICE_UNAVAILABLE', '系统维护中，请稍后再试');
      return true;
    }
    if (schedule.take('revokeTokensEvery')) {
      inject('revokeTokensEvery');
      tokens.revokeAll();
    }
    const check = tokens.check(req.headers.authorization, Date.now());
    if (check !== 'valid') {
      if (check === 'expired' && schedule.current.tokenLifetimeMs !== undefined) inject('tokenLifetimeMs');
      const code = check === 'expired' ? 'token_expired' : check === 'missing' ? 'invalid_request' : 'invalid_token';
      sendError(res, 401, code, check === 'missing' ? 'Authorization: Bearer … is required' : 'the access token is expired or revoked', {
        'www-authenticate': `Bearer error="${check === 'missing' ? 'invalid_request' : 'invalid_token'}"`,
      });
      return true;
    }
    if (overLimit(res)) return true;
    if (schedule.take('rateLimitEvery')) {
      inject('rateLimitEvery');
      tooManyRequests(res, schedule.current.retryAfterSeconds ?? 1, '请求过于频繁');
      return true;
    }
    if (schedule.take('serverErrorEvery')) {
      inject('serverErrorEvery');
      const status = [500, 502, 503][serverErrors++ % 3];
      sendError(res, status, status === 500 ? 'INTERNAL_ERROR' : status === 502 ? 'BAD_GATEWAY' : 'SERVICE_UNAVAILABLE', '服务暂时不可用');
      return true;
    }
    return false;
  };

  /** The page after `position`, with the changes-while-paging fault applied around it. */
  const pageAfter = (position: Position, limit: number): Buffer => {
    if (schedule.take('changeWhilePagingEvery')) {
      inject('changeWhilePagingEvery');
      churn.change(position === BEGINNING ? null : position, feed.page(position, 1).entries[0] ?? null);
    }
    let page = feed.page(position, limit);
    if (!page.hasMore && churn.pending > 0) {
      churn.restoreAll();
      page = feed.page(position, limit);
    }
    stats.changesWhilePaging = churn.changes;
    const last = page.entries[page.entries.length - 1];
    const nextCursor = encodeCursor(last ? positionOf(last) : position, Date.now());
    return toGbk(renderPage({ nextCursor, hasMore: page.hasMore, entries: page.entries }, messy));
  };

  /** Sends a page, late, cut off or mislabelled when those faults are due. */
  const deliver = async (res: ServerResponse, body: Buffer): Promise<void> => {
    const mislabeled = schedule.take('mislabelCharsetEvery');
    if (mislabeled) inject('mislabelCharsetEvery');
    const headers = { 'content-type': mislabeled ? 'application/xml;charset=UTF-8' : CONTENT_TYPE };
    if (schedule.take('slowEvery')) {
      inject('slowEvery');
      try {
        await sleep(schedule.current.slowMs ?? 2000, undefined, { signal: closing.signal });
      } catch {
        return;
      }
      if (res.destroyed) return;
    }
    if (!schedule.take('truncateEvery')) return send(res, 200, body, headers);
    inject('truncateEvery');
    const cut = body.subarray(0, Math.floor(body.length / 2));
    if (truncations++ % 2 === 0) {
      // The connection drops mid-body: fewer bytes than Content-Length promised.
      res.writeHead(200, { ...headers, 'content-length': String(body.length) });
      res.write(cut);
      res.destroy();
    } else {
      // A proxy that passed on half the document as if it were all of it.
      send(res, 200, cut, headers);
    }
  };

  const handleFeed = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const n = ++stats.feedRequests;
    arrived();
    const entry: FeedRequestLog = { cursor: url.searchParams.get('cursor'), status: 0 };
    log.push(entry);
    schedule.arm(n);
    res.on('finish', () => (entry.status = res.statusCode));
    res.on('close', () => (entry.status ||= res.statusCode));
    if (refused(req, res)) return;
    let limit: number;
    let position: Position;
    try {
      limit = parseLimit(url.searchParams.get('limit'));
      const cursor = url.searchParams.get('cursor');
      position = cursor === null || cursor === '' ? BEGINNING : decodeCursor(cursor, Date.now(), cursorValidityMs);
    } catch (e) {
      if (e instanceof BadCursor) return sendError(res, 400, e.code, e.message);
      if (e instanceof BadParameter) return sendError(res, 400, 'INVALID_PARAMETER', e.message);
      throw e;
    }
    await deliver(res, pageAfter(position, limit));
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '');
    const route = path === TOKEN_PATH ? { method: 'POST', run: () => handleToken(req, res) }
      : path === FEED_PATH ? { method: 'GET', run: () => handleFeed(req, res, url) }
      : null;
    if (!route) return sendError(res, 404, 'NOT_FOUND', `no such path: ${path}`);
    if (req.method !== route.method) return sendError(res, 405, 'METHOD_NOT_ALLOWED', `use ${route.method}`, { allow: route.method });
    route.run().catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      if (e instanceof BadParameter) return sendError(res, 400, 'INVALID_PARAMETER', e.message);
      sendError(res, 500, 'INTERNAL_ERROR', (e as Error).message);
    });
  };

  const server: Server = createServer(handle);
  const { port, origin } = await listenSimulator(server, options.port, options.host);
  return {
    url: origin,
    port,
    setFaults,
    revokeTokens: () => tokens.revokeAll(),
    stats: () => ({ ...stats, injected: { ...stats.injected } }),
    feedLog: () => [...log],
    close: () => new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => {
        db.close();
        resolve();
      });
      server.closeAllConnections();
    }),
  };
}
