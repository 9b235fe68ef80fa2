import { HubError } from '../../core/errors';
import { Transient } from '../pipeline/retry';

/**
 * 甬工惠 answers HTTP 200 with `{"code", "msg", "data"}`; the business outcome is the `code`.
 * This turns one answer into the page it carries, or into what the client must do about it:
 * a Transient (re-sign, wait `retryAfter`, back off) or a HubError that stops the sync.
 * In front of it, a gateway answers HTTP 503 with an HTML page during the nightly maintenance
 * window (01:00–01:30 Asia/Shanghai): that is transient too.
 */
export const CODE = {
  OK: 0,
  BAD_SIGNATURE: 40101,
  TIMESTAMP_OUT_OF_WINDOW: 40102,
  NONCE_REUSED: 40103,
  RATE_LIMITED: 42901,
  INTERNAL_ERROR: 50001,
} as const;

export interface NingboPageData {
  total: number;
  pageNo: number;
  pageSize: number;
  list: unknown[];
}

/** 40102: the request's timestamp was refused; carries the server's clock (HTTP Date) when known. */
export class TimestampRefused extends Transient {
  constructor(message: string, readonly serverTimeMs: number | null) {
    super(message, 0);
  }
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function secondsHeader(headers: Headers, name: string): number | undefined {
  const v = header(headers, name);
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

export function readEnvelope(status: number, headers: Headers, text: string, what: string): NingboPageData {
  if (status === 503 || status === 502 || status === 504) {
    throw new Transient(`${what}: HTTP ${status} from the gateway (maintenance window 01:00–01:30 Asia/Shanghai, or an outage)`, secondsHeader(headers, 'retry-after'));
  }
  if (status === 404) throw new HubError('UPSTREAM_CONFIG', `${what}: HTTP 404: check sources[].baseUrl (e.g. https://…/ygh/open/v2)`);
  if (status >= 500) throw new Transient(`${what}: HTTP ${status}`);
  if (status !== 200) throw new HubError('UPSTREAM_ERROR', `${what}: 甬工惠 answered HTTP ${status}: ${text.slice(0, 200)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A body cut off mid-way parses as nothing: ask again.
    throw new Transient(`${what}: the answer is not complete JSON (${text.length} characters)`);
  }
  if (!body || typeof body !== 'object' || typeof (body as { code?: unknown }).code !== 'number') {
    throw new HubError('UPSTREAM_ERROR', `${what}: 甬工惠 answered without a numeric code: ${text.slice(0, 200)}`);
  }
  const { code, msg, data } = body as { code: number; msg?: unknown; data?: unknown };
  const said = `code ${code}${typeof msg === 'string' && msg ? ` (${msg})` : ''}`;
  switch (code) {
    case CODE.OK:
      return pageData(data, what);
    case CODE.BAD_SIGNATURE:
      throw new HubError('UPSTREAM_CONFIG', `甬工惠 refused the request signature (${said}): check sources[].appKey and sources[].appSecret; the next sync resumes from the checkpoint`, { code });
    case CODE.TIMESTAMP_OUT_OF_WINDOW: {
      const date = header(headers, 'date');
      const serverTimeMs = date ? Date.parse(date) : NaN;
      throw new TimestampRefused(`${what}: ${said}: timestamp more than 300 s from the server's clock; re-signing`, Number.isFinite(serverTimeMs) ? serverTimeMs : null);
    }
    case CODE.NONCE_REUSED:
      throw new Transient(`${what}: ${said}: nonce reused; re-signing`, 0);
    case CODE.RATE_LIMITED: {
      const after = (data as { retryAfter?: unknown } | null)?.retryAfter;
      const seconds = typeof after === 'number' && Number.isFinite(after) && after >= 0 ? after : 1;
      throw new Transient(`${what}: ${said}: rate limited; waiting ${seconds} s`, seconds * 1000);
    }
    case CODE.INTERNAL_ERROR:
      throw new Transient(`${what}: ${said}: internal error`);
    default:
      throw new HubError('UPSTREAM_ERROR', `${what}: 甬工惠 answered ${said}`, { code });
  }
}

function pageData(data: unknown, what: string): NingboPageData {
  const d = data as Partial<NingboPageData> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.list) || typeof d.total !== 'number') {
    throw new HubError('UPSTREAM_ERROR', `${what}: code 0 but data has no list and total`);
  }
  return { total: d.total, pageNo: Number(d.pageNo ?? 0), pageSize: Number(d.pageSize ?? 0), list: d.list };
}
