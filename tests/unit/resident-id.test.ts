import { maskIdNumber, parseResidentId, upgrade15 } from '../../core/identity/resident-id';

describe('resident ID number (GB 11643)', () => {
  it.each(['11010519491231002X', '440524188001010014'])('accepts the DOMAIN.md vector %s', (id) => {
    const r = parseResidentId(id);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.idNumber).toBe(id);
  });

  it('derives birth date and gender', () => {
    const r = parseResidentId('11010519491231002X');
    expect(r).toMatchObject({ ok: true, birthDate: '1949-12-31', gender: 'FEMALE' });
    expect(parseResidentId('440524188001010014')).toMatchObject({ birthDate: '1880-01-01', gender: 'MALE' });
  });

  it('normalizes full-width digits, lower-case x and spaces (NFKC)', () => {
    const r = parseResidentId(' １１０１０５ １９４９１２３１００２ｘ ');
    expect(r).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(parseResidentId('11010519491231002x')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  it('upgrades a 15-digit number by inserting 19 and computing the check', () => {
    expect(upgrade15('110105491231002')).toBe('11010519491231002X');
    expect(parseResidentId('110105491231002')).toMatchObject({ ok: true, idNumber: '11010519491231002X', upgradedFrom15: true });
  });

  it('names the rule that failed', () => {
    expect(parseResidentId('110105194912310021')).toMatchObject({ ok: false, rule: 'CHECKSUM' });
    expect(parseResidentId('11010519491331002X')).toMatchObject({ ok: false, rule: 'BIRTH_DATE' });
    expect(parseResidentId('12345')).toMatchObject({ ok: false, rule: 'FORMAT' });
  });

  it('masks as first 6, eight asterisks, last 4', () => {
    expect(maskIdNumber('330203199001011234')).toBe('330203********1234');
  });
});
