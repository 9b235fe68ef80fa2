import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The simulator's OAuth2 client-credentials issuer. Tokens say `expires_in` (7200 s by default)
 * but can be made to die sooner (`lifetimeMs`), and can be revoked: the two ways a client meets
 * a 401 on a token it believes good.
 */
export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired';

export interface TokenGrant {
  status: number;
  /** JSON for a grant, else an error code and message for the XML error body. */
  grant?: { access_token: string; token_type: 'Bearer'; expires_in: number };
  error?: { code: string; message: string };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class TokenIssuer {
  private readonly tokens = new Map<string, number>();
  issued = 0;

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly expiresInSeconds: number,
    /** How long tokens really live, when shorter than they say. */
    public lifetimeMs: number | null = null,
  ) {}

  grant(form: URLSearchParams, now: number): TokenGrant {
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, error: { code: 'unsupported_grant_type', message: 'grant_type must be client_credentials' } };
    }
    const id = form.get('client_id') ?? '';
    const secret = form.get('client_secret') ?? '';
    if (!sameText(id, this.clientId) || !sameText(secret, this.clientSecret)) {
      return { status: 401, error: { code: 'invalid_client', message: 'unknown client_id or wrong client_secret' } };
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, now + (this.lifetimeMs ?? this.expiresInSeconds * 1000));
    this.issued++;
    return { status: 200, grant: { access_token: token, token_type: 'Bearer', expires_in: this.expiresInSeconds } };
  }

  check(authorization: string | undefined, now: number): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return 'missing';
    const expiresAt = this.tokens.get(match[1]);
    if (expiresAt === undefined) return 'unknown';
    return now < expiresAt ? 'valid' : 'expired';
  }

  /** Every token issued so far stops working (a revocation, or a key rotation upstream). */
  revokeAll(): void {
    this.tokens.clear();
  }
}
