import { createHash } from 'node:crypto';
import { HubError } from '../../core/errors';
import type { PushAdapter, PushRequest, VerifiedDelivery } from '../pipeline/source-adapter';
import { SYSTEM } from './map';
import { sameSignature, signPush } from './signing';

/**
 * 甬工惠's member events: `POST /ingest/ningbo-yonggonghui/member-events` with `X-Ygh-AppKey`,
 * `X-Ygh-Timestamp` (epoch ms), `X-Ygh-Nonce` and `X-Ygh-Sign` (lower-case hex HMAC-SHA256 of
 * `timestamp\nnonce\n` + the raw body, keyed with the app secret). Verified over the raw bytes in
 * constant time; a timestamp more than 300 s off is refused. The eventId is the delivery id, so
 * an event Ningbo sends again (it retries up to 8 times) is stored and applied once. Order does
 * not matter: the record's gxsj is its version, and an older one never overwrites a newer one.
 */
export const PUSH_PATH = '/ingest/ningbo-yonggonghui/member-events';
export const TIMESTAMP_TOLERANCE_MS = 300_000;
export const EVENT_TYPES = ['MEMBER_JOIN', 'MEMBER_UPDATE', 'MEMBER_TRANSFER_OUT', 'MEMBER_QUIT'] as const;
export type MemberEventType = (typeof EVENT_TYPES)[number];

export interface MemberEvent {
  eventId: string;
  eventType: MemberEventType;
  /** `yyyy-MM-dd HH:mm:ss`, Shanghai local time. */
  occurTime: string;
  /** One `/members` record. */
  data: Record<string, unknown>;
}

export class NingboPush implements PushAdapter {
  readonly contract = SYSTEM;
  readonly path = PUSH_PATH;

  constructor(private readonly appKey: string, private readonly appSecret: string) {}

  verify(request: PushRequest): VerifiedDelivery {
    const appKey = header(request, 'x-ygh-appkey');
    const timestamp = header(request, 'x-ygh-timestamp');
    const nonce = header(request, 'x-ygh-nonce');
    const sign = header(request, 'x-ygh-sign');
    if (!appKey || !timestamp || !nonce || !sign) refuse('missing X-Ygh-AppKey, X-Ygh-Timestamp, X-Ygh-Nonce or X-Ygh-Sign header');
    if (appKey !== this.appKey) refuse('X-Ygh-AppKey is not the configured appKey');
    if (!/^\d{1,15}$/.test(timestamp) || Math.abs(request.now - Number(timestamp)) > TIMESTAMP_TOLERANCE_MS) {
      refuse(`X-Ygh-Timestamp is more than ${TIMESTAMP_TOLERANCE_MS / 1000} s away from the hub's clock`);
    }
    if (!sameSignature(sign, signPush(this.appSecret, timestamp, nonce, request.rawBody))) refuse('X-Ygh-Sign does not match the body');
    return { deliveryId: eventIdOf(request.rawBody) };
  }

  decode(body: string): Array<{ resource: string; raw: unknown }> {
    const event = JSON.parse(body) as Partial<MemberEvent>;
    if (!EVENT_TYPES.includes(event.eventType as MemberEventType)) {
      throw new Error(`eventType must be one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(event.eventType)}`);
    }
    if (!event.data || typeof event.data !== 'object' || Array.isArray(event.data)) throw new Error('the event has no data object (one /members record)');
    // The record's own gxsj is its version; an event whose record lacks one is versioned by when it occurred.
    const data = typeof event.data.gxsj === 'string' && event.data.gxsj.trim() !== '' ? event.data : { ...event.data, gxsj: event.occurTime };
    return [{ resource: 'members', raw: data }];
  }

  acknowledgement() {
    return { status: 200, body: '{"code":0}', contentType: 'application/json' };
  }
}

/**
 * The event's id; a signed body without one (it will fail decoding and become a dead letter) is
 * keyed on its bytes, so Ningbo's retries of it are still stored once.
 */
function eventIdOf(rawBody: Buffer): string {
  try {
    const id = (JSON.parse(rawBody.toString('utf8')) as { eventId?: unknown }).eventId;
    if (typeof id === 'string' && id.trim() !== '' && id.length <= 200) return id;
  } catch {
    // not JSON: keyed on the bytes below
  }
  return 'sha256:' + createHash('sha256').update(rawBody).digest('hex');
}

function header(request: PushRequest, name: string): string {
  const v = request.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function refuse(why: string): never {
  throw new HubError('SIGNATURE_INVALID', `delivery refused: ${why}`);
}
