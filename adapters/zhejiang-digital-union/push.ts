import { createHmac, timingSafeEqual } from 'node:crypto';
import { HubError } from '../../core/errors';
import type { PushAdapter, PushRequest, VerifiedDelivery } from '../pipeline/source-adapter';
import { SYSTEM } from './map';

/**
 * The provincial push, Standard Webhooks: `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature` (space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, several
 * while keys rotate), keyed with the base64 secret after `whsec_`. Verified over the raw bytes,
 * compared in constant time; a timestamp more than five minutes off is refused (replay window).
 */
export const TOLERANCE_SECONDS = 5 * 60;

/** Event type → the pull resource whose mapper understands its `data`. */
const RESOURCE_OF: Record<string, string> = {
  'member.upserted': 'members',
  'member.deleted': 'members',
  'organization.upserted': 'organizations',
  'organization.deleted': 'organizations',
  'activity.recorded': 'activities',
  'station.upserted': 'stations',
};

export class ProvincialPush implements PushAdapter {
  readonly contract = SYSTEM;
  readonly path = '/ingest/zhejiang-digital-union/events';
  private readonly key: Buffer;

  constructor(webhookSecret: string) {
    this.key = Buffer.from(webhookSecret.replace(/^whsec_/, ''), 'base64');
  }

  verify(request: PushRequest): VerifiedDelivery {
    const id = header(request, 'webhook-id');
    const timestamp = header(request, 'webhook-timestamp');
    const signatures = header(request, 'webhook-signature');
    if (!id || !timestamp || !signatures) refuse('missing webhook-id, webhook-timestamp or webhook-signature header');
    const seconds = Number(timestamp);
    if (!/^\d+$/.test(timestamp) || Math.abs(request.now / 1000 - seconds) > TOLERANCE_SECONDS) {
      refuse(`webhook-timestamp is more than ${TOLERANCE_SECONDS} s away from the hub's clock`);
    }
    const expected = createHmac('sha256', this.key)
      .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), request.rawBody]))
      .digest();
    const matches = signatures.split(' ').some((candidate) => {
      const [version, value] = candidate.split(',');
      if (version !== 'v1' || !value) return false;
      const given = Buffer.from(value, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!matches) refuse('no webhook-signature matches the body');
    return { deliveryId: id };
  }

  decode(body: string): Array<{ resource: string; raw: unknown }> {
    const event = JSON.parse(body) as { type?: unknown; data?: unknown };
    const resource = typeof event.type === 'string' ? RESOURCE_OF[event.type] : undefined;
    if (!resource) throw new Error(`unknown event type ${JSON.stringify(event.type)}; expected one of ${Object.keys(RESOURCE_OF).join(', ')}`);
    if (!event.data || typeof event.data !== 'object') throw new Error('the event has no data object');
    const data = event.type === 'member.deleted' || event.type === 'organization.deleted'
      ? { ...(event.data as object), deleted: true }
      : event.data;
    return [{ resource, raw: data }];
  }

  acknowledgement() {
    return { status: 204, body: '', contentType: 'text/plain' };
  }
}

function header(request: PushRequest, name: string): string {
  const v = request.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function refuse(why: string): never {
  throw new HubError('SIGNATURE_INVALID', `delivery refused: ${why}`);
}
