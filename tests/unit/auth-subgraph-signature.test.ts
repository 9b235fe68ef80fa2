import { encodeIdentity } from '../../core/auth/identity';
import { ReplayGuard } from '../../core/auth/replay-guard';
import {
  IDENTITY_HEADER, NONCE_HEADER, SIGNATURE_HEADER, SIGNATURE_WINDOW_SECONDS, signSubgraphRequest, SubgraphRequestVerifier,
  TIMESTAMP_HEADER, type SignedParts,
} from '../../core/auth/subgraph-signature';
import { secretBytes } from '../support/auth';

const KEY = secretBytes('the deployment subgraph key, 32+ characters long');
const NOW = Date.parse('2025-06-01T08:00:00Z');
const identity = encodeIdentity({ subject: 'nb-admin', role: 'CITY_ADMIN', city: 'NINGBO' });
const parts: SignedParts = { method: 'POST', target: '/graphql', body: '{"query":"{ _service { sdl } }"}', requestId: 'req-1', identity };

/** What the subgraph receives when the gateway sends `sent` signed with `headers`. */
function received(sent: SignedParts, headers: Record<string, string>) {
  return { method: sent.method, target: sent.target, headers, body: Buffer.from(sent.body) };
}

describe('gateway signatures on subgraph requests', () => {
  it('verifies a signed request and yields the identity it carries', () => {
    const verifier = new SubgraphRequestVerifier(KEY);
    const headers = signSubgraphRequest(KEY, parts, NOW);
    expect(headers[IDENTITY_HEADER]).toBe(identity);
    expect(verifier.verify(received(parts, headers), NOW + 5_000)).toEqual({ ok: true, identity: { subject: 'nb-admin', role: 'CITY_ADMIN', city: 'NINGBO' } });
  });

  it('yields no identity for the gateway\'s own calls (readiness probes)', () => {
    const probe = { ...parts, identity: '' };
    const headers = signSubgraphRequest(KEY, probe, NOW);
    expect(headers[IDENTITY_HEADER]).toBeUndefined();
    expect(new SubgraphRequestVerifier(KEY).verify(received(probe, headers), NOW)).toEqual({ ok: true, identity: null });
  });

  it('refuses a request without a signature, or with a malformed one', () => {
    const verifier = new SubgraphRequestVerifier(KEY);
    expect(verifier.verify(received(parts, {}), NOW)).toEqual({ ok: false, reason: 'signature_missing' });
    const headers = signSubgraphRequest(KEY, parts, NOW);
    expect(verifier.verify(received(parts, { ...headers, [SIGNATURE_HEADER]: 'v1=short' }), NOW)).toEqual({ ok: false, reason: 'signature_malformed' });
    expect(verifier.verify(received(parts, { ...headers, [NONCE_HEADER]: '' }), NOW)).toEqual({ ok: false, reason: 'signature_malformed' });
  });

  it('refuses a signature made with another key', () => {
    const headers = signSubgraphRequest(secretBytes('some other deployment key, 32+ characters'), parts, NOW);
    expect(new SubgraphRequestVerifier(KEY).verify(received(parts, headers), NOW)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it.each<[string, Partial<SignedParts>]>([
    ['body', { body: '{"query":"mutation { enroll(programId: \\"p\\", memberId: \\"m\\") { id } }"}' }],
    ['method', { method: 'GET' }],
    ['path', { target: '/graphql?query=%7B__typename%7D' }],
    ['request id', { requestId: 'req-2' }],
    ['identity', { identity: encodeIdentity({ subject: 'nb-admin', role: 'PROVINCE_ADMIN', city: null }) }],
  ])('refuses a signed request whose %s was changed', (_what, change) => {
    const headers = signSubgraphRequest(KEY, parts, NOW);
    const tampered = { ...parts, ...change };
    const sent = { ...headers, ...(change.identity ? { [IDENTITY_HEADER]: change.identity } : {}), ...(change.requestId ? { 'x-request-id': change.requestId } : {}) };
    expect(new SubgraphRequestVerifier(KEY).verify(received(tampered, sent), NOW)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it(`refuses timestamps more than ${SIGNATURE_WINDOW_SECONDS} s away, either way`, () => {
    const verifier = new SubgraphRequestVerifier(KEY);
    const headers = signSubgraphRequest(KEY, parts, NOW);
    expect(verifier.verify(received(parts, headers), NOW + (SIGNATURE_WINDOW_SECONDS + 1) * 1000)).toEqual({ ok: false, reason: 'timestamp_stale' });
    expect(verifier.verify(received(parts, headers), NOW - (SIGNATURE_WINDOW_SECONDS + 1) * 1000)).toEqual({ ok: false, reason: 'timestamp_stale' });
    const moved = { ...headers, [TIMESTAMP_HEADER]: String(Number(headers[TIMESTAMP_HEADER]) + 120) };
    expect(verifier.verify(received(parts, moved), NOW + 120_000)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('serves each signed request once: a replay inside the window is refused', () => {
    const verifier = new SubgraphRequestVerifier(KEY);
    const headers = signSubgraphRequest(KEY, parts, NOW);
    expect(verifier.verify(received(parts, headers), NOW).ok).toBe(true);
    expect(verifier.verify(received(parts, headers), NOW + 10_000)).toEqual({ ok: false, reason: 'replayed' });
    // The same query signed again (a new nonce) is a new request.
    expect(verifier.verify(received(parts, signSubgraphRequest(KEY, parts, NOW + 1000)), NOW + 10_000).ok).toBe(true);
  });

  it('refuses a signed identity the gateway would never send', () => {
    const bogus = { ...parts, identity: Buffer.from('{"sub":"x","role":"ROOT"}').toString('base64url') };
    expect(new SubgraphRequestVerifier(KEY).verify(received(bogus, signSubgraphRequest(KEY, bogus, NOW)), NOW)).toEqual({ ok: false, reason: 'identity_invalid' });
  });
});

describe('the replay guard', () => {
  it('forgets nonces once they expire, and the oldest first when full', () => {
    const guard = new ReplayGuard(3);
    expect(guard.firstUse('a', 1000, 0)).toBe(true);
    expect(guard.firstUse('a', 1000, 500)).toBe(false);
    expect(guard.firstUse('a', 3000, 1500)).toBe(true); // expired, so acceptable again (its timestamp would be stale)
    for (const n of ['b', 'c', 'd']) guard.firstUse(n, 5000, 1600);
    expect(guard.size).toBe(3);
    expect(guard.firstUse('b', 5000, 1700)).toBe(false);
    expect(guard.firstUse('e', 9000, 6000)).toBe(true);
    expect(guard.size).toBe(1);
  });
});
