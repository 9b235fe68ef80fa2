import { timingSafeEqual } from 'node:crypto';
import { CODE } from './envelope';
import { signQuery } from './signing';

/**
 * How 甬工惠 checks a pull request, exactly as the contract says: the upper-case hex HMAC-SHA256
 * of the sorted query (40101 when it does not match or the appKey is unknown), a timestamp within
 * 300 s of the server's clock (40102), a nonce not seen in the last 10 minutes (40103).
 * Missing parameters get 40001, a code the contract does not list (a real upstream would refuse too).
 */
export const PARAMETER_ERROR = 40001;
export const TIMESTAMP_TOLERANCE_MS = 300_000;
export const NONCE_MEMORY_MS = 600_000;

export type Verdict = { ok: true } | { ok: false; code: number; msg: string };

export class RequestAuthenticator {
  /** nonce → when it was first used; insertion order is time order, so expiry prunes from the front. */
  private readonly nonces = new Map<string, number>();

  constructor(private readonly appKey: string, private appSecret: string, private readonly now: () => number = Date.now) {}

  /** The upstream changed its secret (a rotation the hub has not heard of yet). */
  rotateSecret(appSecret: string): void {
    this.appSecret = appSecret;
  }

  check(params: Readonly<Record<string, string>>): Verdict {
    for (const name of ['appKey', 'timestamp', 'nonce', 'sign']) {
      if (!params[name]) return { ok: false, code: PARAMETER_ERROR, msg: `参数错误: ${name} is required` };
    }
    if (params.appKey !== this.appKey) return { ok: false, code: CODE.BAD_SIGNATURE, msg: '签名错误: unknown appKey' };
    const expected = Buffer.from(signQuery(this.appSecret, params));
    const given = Buffer.from(params.sign);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: CODE.BAD_SIGNATURE, msg: '签名错误' };
    const now = this.now();
    const timestamp = /^\d{1,15}$/.test(params.timestamp) ? Number(params.timestamp) : NaN;
    if (!(Math.abs(now - timestamp) <= TIMESTAMP_TOLERANCE_MS)) return { ok: false, code: CODE.TIMESTAMP_OUT_OF_WINDOW, msg: '时间戳超出有效范围' };
    if (params.nonce.length < 16) return { ok: false, code: PARAMETER_ERROR, msg: '参数错误: nonce must have 16 or more characters' };
    this.forgetOldNonces(now);
    if (this.nonces.has(params.nonce)) return { ok: false, code: CODE.NONCE_REUSED, msg: 'nonce重复' };
    this.nonces.set(params.nonce, now);
    return { ok: true };
  }

  private forgetOldNonces(now: number): void {
    for (const [nonce, at] of this.nonces) {
      if (now - at <= NONCE_MEMORY_MS) break;
      this.nonces.delete(nonce);
    }
  }
}
