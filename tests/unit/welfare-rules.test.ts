import { linkActivity, programActivityScope } from '../../subgraphs/welfare/store/activity-links';
import { maskGivenName } from '../../subgraphs/welfare/store/children';
import { checkEligibility, parseEligibility, type Eligibility } from '../../subgraphs/welfare/store/eligibility';
import { areaPrefix } from '../../subgraphs/welfare/store/organizer';
import type { ProgramValue } from '../../subgraphs/welfare/store/programs';

const facts = { newEmploymentForm: false, hardship: false, martyrFamily: false, frontlineNonPublic: false };

describe('welfare eligibility', () => {
  it('admits a member when any one rule holds, and names the rules that failed otherwise', () => {
    const camp: Eligibility = { audience: '烈士子女、困难职工子女、新就业形态劳动者子女', anyOf: ['MARTYR_FAMILY', 'HARDSHIP', 'NEW_EMPLOYMENT_FORM'] };
    expect(checkEligibility(camp, facts)).toEqual({ eligible: false, failed: ['MARTYR_FAMILY', 'HARDSHIP', 'NEW_EMPLOYMENT_FORM'] });
    expect(checkEligibility(camp, { ...facts, martyrFamily: true })).toEqual({ eligible: true });
    expect(checkEligibility({ audience: '全体会员', anyOf: ['ANY_MEMBER'] }, facts)).toEqual({ eligible: true });
  });

  it('reads rows written before the rules existed the way they were meant, and admits nobody on garbage', () => {
    expect(parseEligibility('{}').anyOf).toEqual(['ANY_MEMBER']);
    expect(parseEligibility('{"audience":"新就业形态劳动者","newEmploymentOnly":true}')).toEqual({ audience: '新就业形态劳动者', anyOf: ['NEW_EMPLOYMENT_FORM'] });
    expect(parseEligibility('{"audience":"x","newEmploymentOnly":false}').anyOf).toEqual(['ANY_MEMBER']);
    const garbage = parseEligibility('not json');
    expect(checkEligibility(garbage, { ...facts, newEmploymentForm: true, hardship: true })).toEqual({ eligible: false, failed: [] });
  });
});

describe('children at camps', () => {
  it('masks a given name to its first character, and a one-character name entirely', () => {
    expect(maskGivenName('小明')).toBe('小*');
    expect(maskGivenName('阿依·古丽')).toBe('阿*');
    expect(maskGivenName('红')).toBe('*');
    expect(maskGivenName('𠀀明')).toBe('𠀀*'); // a character outside the BMP is one character
  });
});

describe('linking activities to programs', () => {
  const program = (id: string, division: string): ProgramValue => ({
    id, name: id, kind: 'HEALTH_CHECKUP', year: 2025, funder: 'x', budgetYuan: null, places: null, standardYuanPerPerson: null,
    organizerLevel: 'PROVINCE', organizerDivision: division, eligibility: { audience: 'x', anyOf: ['ANY_MEMBER'] }, closed: false,
    updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: null,
  });
  const province = program('p', '330000');
  const ningbo = program('nb', '330200');
  const cixi = program('cx', '330282');

  it('reads a division code as the area it covers', () => {
    expect([areaPrefix('330000'), areaPrefix('330200'), areaPrefix('330282')]).toEqual(['33', '3302', '330282']);
  });

  it('picks the narrowest program holding the union, and names a tie instead of guessing', () => {
    expect(linkActivity('330282', [province, ningbo, cixi]).program?.id).toBe('cx');
    expect(linkActivity('330203', [province, ningbo, cixi]).program?.id).toBe('nb');
    expect(linkActivity('330106', [province, ningbo, cixi]).program?.id).toBe('p');
    const tie = linkActivity('330106', [province, program('p2', '330000')]);
    expect(tie.program).toBeNull();
    expect(tie.candidates.map((p) => p.id)).toEqual(['p', 'p2']);
    expect(linkActivity(null, [province])).toEqual({ program: null, candidates: [] });
  });

  it("gives a program its area minus the narrower programs' areas, and nothing on a tie", () => {
    expect(programActivityScope(province, [province, ningbo, cixi])).toEqual({ activityKind: 'CHECKUP', year: 2025, include: '33', exclude: ['3302', '330282'] });
    expect(programActivityScope(ningbo, [province, ningbo, cixi])).toEqual({ activityKind: 'CHECKUP', year: 2025, include: '3302', exclude: ['330282'] });
    expect(programActivityScope(province, [province, program('p2', '330000')])).toBeNull();
  });
});
