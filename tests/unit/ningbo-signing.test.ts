import { createHmac } from 'node:crypto';
import { canonicalQuery, newNonce, sameSignature, signPush, signQuery } from '../../adapters/ningbo-yonggonghui/signing';

/**
 * 甬工惠's signatures against vectors worked out by hand from the contract's rule (and checked
 * with `openssl dgst -sha256 -hmac`): the canonical strings are written out literally here.
 */
const SECRET = 'nb-secret';

describe('pull signature: upper-case hex HMAC-SHA256 of the sorted, unencoded query', () => {
  const params = {
    timestamp: '1717205412000', pageSize: '500', nonce: 'abcdef0123456789', gxsjStart: '2025-01-01 00:00:00', pageNo: '1', appKey: 'nbapp',
  };
  const canonical = 'appKey=nbapp&gxsjStart=2025-01-01 00:00:00&nonce=abcdef0123456789&pageNo=1&pageSize=500&timestamp=1717205412000';

  it('builds the canonical string: names sorted, name=value, values not URL-encoded, joined with &', () => {
    expect(canonicalQuery(params)).toBe(canonical);
    expect(canonicalQuery({ ...params, sign: 'ignored' })).toBe(canonical);
  });

  it('signs the fixed vector', () => {
    const expected = 'E9821F8B3AB9AC47505A407500C9ED430F20E92318D2A8168EA888E33A28A283';
    expect(createHmac('sha256', SECRET).update(canonical).digest('hex').toUpperCase()).toBe(expected);
    expect(signQuery(SECRET, params)).toBe(expected);
  });

  it('sorts by character code, so pageNo comes before pageSize and upper case before lower', () => {
    expect(canonicalQuery({ pageSize: '1', pageNo: '2', Zeta: '3', alpha: '4' })).toBe('Zeta=3&alpha=4&pageNo=2&pageSize=1');
  });

  it('changes with any parameter or the secret', () => {
    const base = signQuery(SECRET, params);
    expect(signQuery(SECRET, { ...params, pageNo: '2' })).not.toBe(base);
    expect(signQuery('other', params)).not.toBe(base);
  });
});

describe('push signature: lower-case hex HMAC-SHA256 of timestamp \\n nonce \\n raw body', () => {
  const body = Buffer.from('{"eventId":"e-1","eventType":"MEMBER_QUIT"}', 'utf8');

  it('signs the fixed vector', () => {
    const expected = '710c4f87dcbff9bec66c37cb2996d198b05bfd34fb4087936bbef2c7772feb94';
    expect(createHmac('sha256', SECRET).update(`1717205412000\nabcdef0123456789\n${body.toString('utf8')}`).digest('hex')).toBe(expected);
    expect(signPush(SECRET, '1717205412000', 'abcdef0123456789', body)).toBe(expected);
  });

  it('signs the bytes: a body that differs only in its encoding signs differently', () => {
    const text = '{"xm":"王芳"}';
    expect(signPush(SECRET, '1', 'n', Buffer.from(text, 'utf8'))).not.toBe(signPush(SECRET, '1', 'n', Buffer.from(text, 'utf16le')));
  });
});

describe('comparing signatures', () => {
  const sig = signPush(SECRET, '1', 'n', Buffer.from('{}'));

  it('accepts the same digest in either case and nothing else', () => {
    expect(sameSignature(sig, sig)).toBe(true);
    expect(sameSignature(sig.toUpperCase(), sig)).toBe(true);
    expect(sameSignature(sig.slice(0, 63) + (sig[63] === '0' ? '1' : '0'), sig)).toBe(false);
    expect(sameSignature(sig.slice(0, 62), sig)).toBe(false);
    expect(sameSignature('not hex at all, but sixty-four characters long......................', sig)).toBe(false);
  });

  it('makes nonces of 16 or more characters that do not repeat', () => {
    const nonces = Array.from({ length: 1000 }, newNonce);
    expect(nonces.every((n) => n.length >= 16)).toBe(true);
    expect(new Set(nonces).size).toBe(1000);
  });
});
