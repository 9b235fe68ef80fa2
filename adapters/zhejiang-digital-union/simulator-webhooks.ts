import { createHmac, randomUUID } from 'node:crypto';

/**
 * The provincial push as the platform sends it: Standard Webhooks (webhook-id, webhook-timestamp
 * in Unix seconds, webhook-signature `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed with
 * the base64 secret after `whsec_`). Tests and the demo push changes with these.
 */
export const PROVINCIAL_EVENT_TYPES = [
  'member.upserted', 'member.deleted', 'organization.upserted', 'organization.deleted', 'activity.recorded', 'station.upserted',
] as const;
export type ProvincialEventType = (typeof PROVINCIAL_EVENT_TYPES)[number];

function secretKey(secret: string): Buffer {
  if (!secret.startsWith('whsec_')) throw new Error('a Standard Webhooks secret starts with whsec_ followed by base64');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  if (key.length === 0) throw new Error('the webhook secret after whsec_ is empty or not base64');
  return key;
}

/** `v1,<base64 HMAC-SHA256>` over `id.timestampSec.body` (body as the exact UTF-8 text sent). */
export function signStandardWebhook(secret: string, id: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSec}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

export interface PushEventOptions {
  /** The hub's ingest endpoint, e.g. http://127.0.0.1:4010/ingest/zhejiang-digital-union/events */
  url: string;
  secret: string;
  type: ProvincialEventType | string;
  /** One record, in the shape the pull resources serve (see simulator-format.ts). */
  data: unknown;
  /** Reuse an id to send the same delivery again (a retry). Default: a fresh msg_… id. */
  id?: string;
  /** Default: now. Tests set it to probe the receiver's replay window. */
  timestampSec?: number;
}

/** POSTs one signed delivery and returns what the receiver answered. */
export async function pushEvent(options: PushEventOptions): Promise<{ status: number; body: string }> {
  const id = options.id ?? `msg_${randomUUID().replace(/-/g, '')}`;
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: options.type, data: options.data });
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestampSec),
      'webhook-signature': signStandardWebhook(options.secret, id, timestampSec, body),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
