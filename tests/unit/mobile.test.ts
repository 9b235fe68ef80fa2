import { maskMobile, normalizeMobile } from '../../core/identity/mobile';

describe('normalizeMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['(138)12345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['(+86) 138-1234-5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['＋８６ １３８－１２３４－５６７８', '13812345678'],
    ['138\u00a01234\u30005678', '13812345678'],
    ['138–1234—5678', '13812345678'],
    [' 19912345678 ', '19912345678'],
  ])('normalizes %p', (raw, mobile) => {
    expect(normalizeMobile(raw)).toEqual({ ok: true, mobile });
  });

  it.each([
    '',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '23812345678', // does not start with 1
    '0571-87654321', // Hangzhou landline
    '+8623812345678', // country code followed by a non-mobile
    '+13812345678', // '+' without 86
    '+85291234567', // Hong Kong
    '138.1234.5678', // dots are not a separator we accept
    '138abcd5678',
    '86138123456', // 11 digits starting 86: no country code to strip, and not a mobile
  ])('rejects %p with rule FORMAT', (raw) => {
    const r = normalizeMobile(raw);
    expect(r).toMatchObject({ ok: false, rule: 'FORMAT' });
  });

  it('does not echo the number in the message', () => {
    for (const raw of ['138123456789', '+8623812345678', '23812345678']) {
      const r = normalizeMobile(raw);
      if (r.ok) throw new Error('expected a failure');
      expect(r.message).not.toContain(raw.replace('+', ''));
      expect(r.message).not.toMatch(/\d{5,}/);
    }
    const r = normalizeMobile('138123456789');
    expect(!r.ok && r.message).toMatch(/12 digits/);
  });
});

describe('maskMobile', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });

  it('masks values too short to split completely', () => {
    expect(maskMobile('1234567')).toBe('*******');
    expect(maskMobile('')).toBe('');
  });
});
