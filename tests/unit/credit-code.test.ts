import { creditCodeCheckChar, parseCreditCode, withCreditCheck } from '../../core/identity/credit-code';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published codes and rejects a changed check character', () => {
    // Published codes (Alibaba (China) Co., Ltd.; Tencent Technology (Shenzhen)).
    expect(parseCreditCode('91330100799655058B').ok).toBe(true);
    expect(parseCreditCode('9144030071526726XG').ok).toBe(true);
    expect(parseCreditCode('91330100799655058C')).toMatchObject({ ok: false, rule: 'CHECKSUM' });
  });

  it('refuses characters outside the alphabet (I, O, S, V, Z) and wrong lengths', () => {
    expect(parseCreditCode('91330100799655058I')).toMatchObject({ ok: false, rule: 'FORMAT' });
    expect(parseCreditCode('9133')).toMatchObject({ ok: false, rule: 'FORMAT' });
  });

  it('completes 17 characters with their check character', () => {
    expect(withCreditCheck('91330100799655058')).toBe('91330100799655058B');
    expect(creditCodeCheckChar('9144030071526726X')).toBe('G');
  });

  it('normalizes lower case and full-width characters', () => {
    expect(parseCreditCode('９１３３０１００７９９６５５０５８ｂ')).toMatchObject({ ok: true, code: '91330100799655058B' });
  });
});
