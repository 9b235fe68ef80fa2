import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * 甬工惠's two signatures, shared by the hub's client and verifier and by the simulator.
 * Pull: every query parameter except `sign`, sorted by name, as `name=value` (values NOT
 * URL-encoded) joined with `&`; `sign` = upper-case hex HMAC-SHA256 keyed with the app secret.
 * Push: `X-Ygh-Sign` = lower-case hex HMAC-SHA256 of `timestamp + "\n" + nonce + "\n" + raw body`.
 */
export const SIGN_PARAMETER = 'sign';

/** The string a pull request signs. Names sort by UTF-16 code unit (they are ASCII), not by locale. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== SIGN_PARAMETER)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

export function signQuery(appSecret: string, params: Readonly<Record<string, string>>): string {
  return createHmac('sha256', appSecret).update(canonicalQuery(params), 'utf8').digest('hex').toUpperCase();
}

export function signPush(appSecret: string, timestamp: string, nonce: string, rawBody: Buffer): string {
  return createHmac('sha256', appSecret)
    .update(Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), rawBody]))
    .digest('hex');
}

/** 24 random hex characters: the contract asks for 16 or more. */
export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/** Compares two hex signatures in constant time (case-insensitive); false for anything not 64 hex digits. */
export function sameSignature(given: string, expected: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(given) || !/^[0-9a-f]{64}$/i.test(expected)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
