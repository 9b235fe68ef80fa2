import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { AuthError } from '../../core/auth/auth-error';
import { parseDuration } from '../../core/auth/duration';
import { decodeIdentity, encodeIdentity } from '../../core/auth/identity';
import { loadSubgraphKey, loadTokenKeys } from '../../core/auth/keys';
import { hasPermission, reachesCity, ROLE_POLICIES } from '../../core/auth/roles';
import { issueToken } from '../../core/auth/token-issuer';
import { bearerToken, createTokenVerifier, type TokenVerifier } from '../../core/auth/token-verifier';
import { loadConfig } from '../../core/config';
import { ConfigError } from '../../core/errors';
import { OTHER_JWT_SECRET, secretBytes, TEST_JWT_SECRET, tokenFor } from '../support/auth';

/** The reason a verifier gives for refusing a token (fails the test if it accepts it). */
async function refusal(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('UNAUTHENTICATED');
    return (error as AuthError).reason;
  }
  throw new Error('the token was accepted');
}

const secret = secretBytes(TEST_JWT_SECRET);
const hs256 = createTokenVerifier({ kind: 'secret', secret });

/** Claims signed HS256 by hand, for tokens `hub token` would never issue. */
function signed(claims: Record<string, unknown>, key: Uint8Array = secret): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
}
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('bearer tokens (HS256, HUB_JWT_SECRET)', () => {
  it('accepts a token from hub token and reads subject, role and city', async () => {
    expect(await hs256.verify(await tokenFor('CITY_ADMIN', { city: 'NINGBO', sub: 'nb-admin' }))).toEqual({ subject: 'nb-admin', role: 'CITY_ADMIN', city: 'NINGBO' });
    expect(await hs256.verify(await tokenFor('ANALYST'))).toEqual({ subject: 'test-analyst', role: 'ANALYST', city: null });
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor('ANALYST', { ttlSeconds: 60, now: new Date(Date.now() - 3600_000) });
    expect(await refusal(hs256, token)).toBe('expired');
  });

  it("refuses a token signed with another deployment's secret", async () => {
    expect(await refusal(hs256, await tokenFor('PROVINCE_ADMIN', { secret: OTHER_JWT_SECRET }))).toBe('bad_signature');
  });

  it('refuses a token whose payload was edited after signing', async () => {
    const [header, , signature] = (await tokenFor('ANALYST')).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'x', role: 'PROVINCE_ADMIN', exp: inAnHour() })).toString('base64url');
    expect(await refusal(hs256, `${header}.${forged}.${signature}`)).toBe('bad_signature');
  });

  it('refuses alg: none', async () => {
    const unsigned = new UnsecuredJWT({ role: 'PROVINCE_ADMIN' }).setSubject('mallory').setExpirationTime('1h').encode();
    expect(unsigned.endsWith('.')).toBe(true);
    expect(await refusal(hs256, unsigned)).toBe('algorithm_not_allowed');
  });

  it('refuses roles it does not know, and a city admin without a city', async () => {
    expect(await refusal(hs256, await signed({ sub: 'x', role: 'SUPERUSER', exp: inAnHour() }))).toBe('unknown_role');
    expect(await refusal(hs256, await signed({ sub: 'x', role: 'province_admin', exp: inAnHour() }))).toBe('unknown_role');
    expect(await refusal(hs256, await signed({ sub: 'x', exp: inAnHour() }))).toBe('unknown_role');
    expect(await refusal(hs256, await signed({ sub: 'x', role: 'CITY_ADMIN', exp: inAnHour() }))).toBe('city_required');
    expect(await refusal(hs256, await signed({ sub: 'x', role: 'CITY_ADMIN', city: 'SHANGHAI', exp: inAnHour() }))).toBe('unknown_city');
  });

  it('refuses tokens without an expiry or a subject', async () => {
    expect(await refusal(hs256, await signed({ sub: 'x', role: 'ANALYST' }))).toBe('claims_invalid');
    expect(await refusal(hs256, await signed({ role: 'ANALYST', exp: inAnHour() }))).toBe('claims_invalid');
  });

  it('refuses garbage', async () => {
    expect(await refusal(hs256, 'not-a-jwt')).toBe('malformed');
    expect(await refusal(hs256, 'a.b.c')).toBe('malformed');
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createTokenVerifier({ kind: 'secret', secret }, { issuer: 'https://sso.example', audience: 'union-hub' });
    const good = await issueToken(secret, { role: 'ANALYST', subject: 'a', ttlSeconds: 60, issuer: 'https://sso.example', audience: 'union-hub' });
    expect((await strict.verify(good.token)).subject).toBe('a');
    expect(await refusal(strict, await tokenFor('ANALYST'))).toBe('claims_invalid');
  });
});

describe('bearer tokens from an identity provider (JWKS: RS256, ES256)', () => {
  it('accepts RS256 and ES256 tokens signed by a key in the set, and nothing else', async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' }] };
    const verifier = createTokenVerifier({ kind: 'jwks', jwks });
    const claims = { role: 'MONITOR' };
    const rsToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setSubject('job').setExpirationTime('5m').sign(rsa.privateKey);
    const esToken = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).setSubject('job').setExpirationTime('5m').sign(ec.privateKey);
    expect(await verifier.verify(rsToken)).toEqual({ subject: 'job', role: 'MONITOR', city: null });
    expect((await verifier.verify(esToken)).role).toBe('MONITOR');

    const stranger = await generateKeyPair('RS256');
    const strangeToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setSubject('job').setExpirationTime('5m').sign(stranger.privateKey);
    expect(await refusal(verifier, strangeToken)).toBe('bad_signature');
    // Algorithm confusion: an HS256 token keyed with the public key's bytes.
    const confused = await signed({ sub: 'x', role: 'PROVINCE_ADMIN', exp: inAnHour() }, secretBytes(JSON.stringify(jwks.keys[0])));
    expect(await refusal(verifier, confused)).toBe('algorithm_not_allowed');
    expect(await refusal(verifier, await tokenFor('ANALYST'))).toBe('algorithm_not_allowed');
  });
});

describe('the Authorization header', () => {
  it('takes the token of a Bearer header and refuses anything else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    const reason = (header: string | undefined) => { try { bearerToken(header); return 'accepted'; } catch (e) { return (e as AuthError).reason; } };
    expect(reason(undefined)).toBe('missing');
    expect(reason('')).toBe('missing');
    expect(reason('Basic dXNlcjpwYXNz')).toBe('malformed');
    expect(reason('Bearer a b')).toBe('malformed');
    expect(reason(`Bearer ${'a'.repeat(9000)}`)).toBe('malformed');
  });
});

describe('hub token', () => {
  it('issues only what the gateway accepts', async () => {
    const bad = (request: Parameters<typeof issueToken>[1]) => issueToken(secret, request).then(() => 'issued', (e: Error) => e.message);
    expect(await bad({ role: 'ROOT', subject: 'x', ttlSeconds: 60 })).toContain('"role" claim must be one of PROVINCE_ADMIN, CITY_ADMIN, ANALYST, MONITOR');
    expect(await bad({ role: 'CITY_ADMIN', subject: 'x', ttlSeconds: 60 })).toContain('CITY_ADMIN token must name its city');
    expect(await bad({ role: 'ANALYST', subject: 'x', ttlSeconds: 31 * 86_400 })).toContain('at most 30 days');
  });

  it('reads durations', () => {
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('7d')).toBe(7 * 86_400);
    expect(() => parseDuration('1 week')).toThrow('ttl must be a number with s, m, h or d');
    expect(() => parseDuration('0s')).toThrow('longer than 0');
  });
});

describe('the identity the gateway passes to subgraphs', () => {
  it('round-trips and is checked like token claims', () => {
    const identity = { subject: '宁波管理员', role: 'CITY_ADMIN' as const, city: 'NINGBO' as const };
    expect(decodeIdentity(encodeIdentity(identity))).toEqual(identity);
    const forged = Buffer.from(JSON.stringify({ sub: 'x', role: 'ROOT' })).toString('base64url');
    expect(() => decodeIdentity(forged)).toThrow('"role" claim must be one of');
    expect(() => decodeIdentity('%%%')).toThrow(AuthError);
  });
});

describe('the role table', () => {
  it('gives each role what the README says', () => {
    const province = { role: 'PROVINCE_ADMIN' as const, city: null };
    const ningbo = { role: 'CITY_ADMIN' as const, city: 'NINGBO' as const };
    const analyst = { role: 'ANALYST' as const, city: null };
    const monitor = { role: 'MONITOR' as const, city: null };
    expect(hasPermission(province, 'pii:disclose')).toBe(true);
    expect(hasPermission(province, 'audit:read')).toBe(true);
    expect(hasPermission(ningbo, 'pii:disclose')).toBe(true);
    expect(hasPermission(ningbo, 'audit:read')).toBe(false);
    expect(hasPermission(analyst, 'members:read')).toBe(true);
    expect(hasPermission(analyst, 'pii:disclose')).toBe(false);
    expect(hasPermission(monitor, 'organizations:read')).toBe(true);
    expect(hasPermission(monitor, 'members:read')).toBe(false);
    expect(reachesCity(ningbo, 'NINGBO')).toBe(true);
    expect(reachesCity(ningbo, 'SHAOXING')).toBe(false);
    expect(reachesCity(ningbo, null)).toBe(false);
    expect(reachesCity(analyst, 'SHAOXING')).toBe(true);
    expect(Object.keys(ROLE_POLICIES)).toEqual(['PROVINCE_ADMIN', 'CITY_ADMIN', 'ANALYST', 'MONITOR']);
  });
});

describe('token and subgraph keys', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'hub-auth-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = (env: NodeJS.ProcessEnv) => loadConfig({ dataDir, env });

  it('outside demo mode, refuses to run without HUB_JWT_SECRET or a JWKS, naming HUB_JWT_SECRET', () => {
    expect(() => loadTokenKeys(config({}), { demo: false })).toThrow(ConfigError);
    expect(() => loadTokenKeys(config({}), { demo: false })).toThrow(/^HUB_JWT_SECRET: /);
  });

  it('refuses a short secret without repeating it, and both kinds of key at once', () => {
    expect(() => loadTokenKeys(config({ HUB_JWT_SECRET: 'hunter2' }), { demo: false })).toThrow('HUB_JWT_SECRET: must be at least 32 characters');
    try { loadTokenKeys(config({ HUB_JWT_SECRET: 'hunter2' }), { demo: false }); } catch (e) { expect((e as Error).message).not.toContain('hunter2'); }
    const jwks = join(dataDir, 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] }));
    expect(() => loadTokenKeys(config({ HUB_JWT_SECRET: TEST_JWT_SECRET, HUB_JWKS_FILE: jwks }), { demo: false })).toThrow('not both');
  });

  it('uses HUB_JWT_SECRET as given', () => {
    const keys = loadTokenKeys(config({ HUB_JWT_SECRET: TEST_JWT_SECRET }), { demo: false });
    expect(keys.key).toEqual({ kind: 'secret', secret });
    expect(keys.signingSecret).toEqual(secret);
  });

  it('in demo mode, creates jwt.key once (mode 0600) and reuses it', () => {
    const first = loadTokenKeys(config({}), { demo: true });
    const file = join(dataDir, 'jwt.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadTokenKeys(config({}), { demo: true }).signingSecret).toEqual(first.signingSecret);
    expect(first.signingSecret).toHaveLength(32);
    writeFileSync(file, 'garbage\n');
    expect(() => loadTokenKeys(config({}), { demo: true })).toThrow('does not hold a key');
  });

  it('refuses a JWKS file holding private or symmetric keys', async () => {
    const jwks = join(dataDir, 'jwks.json');
    const rsa = await generateKeyPair('RS256', { extractable: true });
    writeFileSync(jwks, JSON.stringify({ keys: [await exportJWK(rsa.privateKey)] }));
    expect(() => loadTokenKeys(config({ HUB_JWKS_FILE: jwks }), { demo: false })).toThrow('holds a private key');
    writeFileSync(jwks, JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }));
    expect(() => loadTokenKeys(config({ HUB_JWKS_FILE: jwks }), { demo: false })).toThrow('expected an RSA or EC public key');
    writeFileSync(jwks, JSON.stringify({ keys: [await exportJWK(rsa.publicKey)] }));
    const keys = loadTokenKeys(config({ HUB_JWKS_FILE: jwks }), { demo: false });
    expect(keys.key.kind).toBe('jwks');
    expect(keys.signingSecret).toBeNull();
  });

  it('takes the subgraph key from HUB_SUBGRAPH_SECRET, else from subgraph.key', () => {
    expect(loadSubgraphKey(config({ HUB_SUBGRAPH_SECRET: OTHER_JWT_SECRET }))).toEqual(secretBytes(OTHER_JWT_SECRET));
    const made = loadSubgraphKey(config({}));
    expect(readFileSync(join(dataDir, 'subgraph.key'), 'utf8').trim()).toBe(Buffer.from(made).toString('base64'));
    expect(loadSubgraphKey(config({}))).toEqual(made);
  });

  it('reads the security section of the config file and refuses unknown limits', () => {
    const file = join(dataDir, 'hub.json');
    writeFileSync(file, JSON.stringify({ sources: [], security: { limits: { maxDepth: 8, rateLimitRequests: 10 } } }));
    const loaded = loadConfig({ configFile: file, dataDir, env: {} });
    expect(loaded.security.limits).toMatchObject({ maxDepth: 8, rateLimitRequests: 10, maxAliases: 30, maxCost: 100_000 });
    writeFileSync(file, JSON.stringify({ sources: [], security: { limits: { maxDeepness: 8 } } }));
    expect(() => loadConfig({ configFile: file, dataDir, env: {} })).toThrow('security.limits.maxDeepness: unknown limit');
    writeFileSync(file, JSON.stringify({ sources: [], security: { limits: { maxCost: -1 } } }));
    expect(() => loadConfig({ configFile: file, dataDir, env: {} })).toThrow('security.limits.maxCost: expected a positive whole number');
  });
});
