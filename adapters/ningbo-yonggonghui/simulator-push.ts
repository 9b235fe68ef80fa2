import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mixSeed } from '../synthetic-province/random';
import { PUSH_PATH, type MemberEvent } from './push';
import { newNonce, signPush } from './signing';

/**
 * 甬工惠's member-event sender, as the contract describes it: each event is POSTed with
 * `X-Ygh-AppKey`, `X-Ygh-Timestamp`, `X-Ygh-Nonce` and `X-Ygh-Sign`; anything but `{"code": 0}`
 * (or no answer within 10 s) is sent again with the same eventId, up to 8 times. To be the awkward
 * upstream the contract warns of, it can send every event more than once and out of order.
 */
export const ACK_TIMEOUT_MS = 10_000;
export const MAX_ATTEMPTS = 8;

export interface SendOptions {
  /** Extra copies of every event (default 1: each event arrives twice). */
  duplicates?: number;
  /** Send newest first and the copies shuffled (default true). */
  reorder?: boolean;
  maxAttempts?: number;
  /** Between attempts of one event (Ningbo spreads 8 over 24 hours; tests want less). */
  retryDelayMs?: number;
}

export interface DeliveryReport {
  eventId: string;
  attempts: number;
  status: number;
  acknowledged: boolean;
}

export interface SignedHeaders {
  'content-type': string;
  'x-ygh-appkey': string;
  'x-ygh-timestamp': string;
  'x-ygh-nonce': string;
  'x-ygh-sign': string;
}

/** The endpoint for a hub base URL (`http://host:port`) or the endpoint itself. */
export function memberEventsUrl(pushTo: string): string {
  return pushTo.endsWith(PUSH_PATH) ? pushTo : pushTo.replace(/\/+$/, '') + PUSH_PATH;
}

export function signedHeaders(appKey: string, appSecret: string, body: Buffer, timestampMs = Date.now(), nonce = newNonce()): SignedHeaders {
  const timestamp = String(timestampMs);
  return {
    'content-type': 'application/json',
    'x-ygh-appkey': appKey,
    'x-ygh-timestamp': timestamp,
    'x-ygh-nonce': nonce,
    'x-ygh-sign': signPush(appSecret, timestamp, nonce, body),
  };
}

export function newEventId(): string {
  return `e-${randomUUID().replace(/-/g, '')}`;
}

/** One POST of one event; true when the hub answered `{"code": 0}`. */
async function deliverOnce(url: string, appKey: string, appSecret: string, event: MemberEvent): Promise<{ status: number; acknowledged: boolean }> {
  const body = Buffer.from(JSON.stringify(event), 'utf8');
  try {
    const response = await fetch(url, {
      method: 'POST', headers: { ...signedHeaders(appKey, appSecret, body) }, body, signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
    });
    const text = await response.text();
    let code: unknown;
    try {
      code = (JSON.parse(text) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    return { status: response.status, acknowledged: response.status === 200 && code === 0 };
  } catch {
    return { status: 0, acknowledged: false };
  }
}

/** The order deliveries go out in: newest first, then every copy again in a scrambled order. */
function deliveryOrder(events: MemberEvent[], duplicates: number, reorder: boolean): MemberEvent[] {
  const copies = Array.from({ length: duplicates + 1 }, () => events).flat();
  if (!reorder) return copies;
  const firstRound = [...events].reverse();
  const rest = copies.slice(events.length)
    .map((e, i) => ({ e, key: mixSeed(i, e.eventId.length) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.e);
  return [...firstRound, ...rest];
}

export async function sendMemberEvents(
  url: string,
  credentials: { appKey: string; appSecret: string },
  events: MemberEvent[],
  options: SendOptions = {},
): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  for (const event of deliveryOrder(events, options.duplicates ?? 1, options.reorder ?? true)) {
    let last = { status: 0, acknowledged: false };
    let attempts = 0;
    while (attempts < (options.maxAttempts ?? MAX_ATTEMPTS)) {
      attempts++;
      last = await deliverOnce(url, credentials.appKey, credentials.appSecret, event);
      if (last.acknowledged) break;
      await sleep(options.retryDelayMs ?? 200);
    }
    reports.push({ eventId: event.eventId, attempts, ...last });
  }
  return reports;
}
