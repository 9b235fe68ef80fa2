import { namesMatch, normalizePersonName, pinyinOf, toSimplified } from '../../core/identity/person-name';

describe('normalizePersonName', () => {
  it.each([
    ['  王芳 ', '王芳'],
    ['王 芳', '王芳'],
    ['王\u3000芳', '王芳'],
    ['欧阳  娜娜', '欧阳娜娜'],
    ['王\u200b芳', '王芳'],
    ['John   Smith', 'John Smith'],
    ['Ｊｏｈｎ　Ｓｍｉｔｈ', 'John Smith'],
    ['John 李', 'John 李'],
  ])('normalizes %p to %p', (raw, expected) => {
    expect(normalizePersonName(raw)).toBe(expected);
  });

  it.each([
    ['\u00b7', 'U+00B7'],
    ['\u30fb', 'U+30FB'],
    ['\u2022', 'U+2022'],
    ['\uff65', 'U+FF65'],
    ['\u2027', 'U+2027'],
    [' · ', 'spaced'],
    ['.', 'full stop'],
  ])('unifies the middle dot %p (%s) to ·', (dot) => {
    expect(normalizePersonName(`阿依古丽${dot}买买提`)).toBe('阿依古丽·买买提');
  });

  it("unifies the dots in 'Ａ·李' style names", () => {
    for (const dot of ['·', '・', '･', '•']) expect(normalizePersonName(`Ａ${dot}李`)).toBe('A·李');
  });

  it('is idempotent', () => {
    for (const raw of [' 阿依古丽 ・ 买买提 ', 'Ａ･李', '陳 大 文']) {
      const once = normalizePersonName(raw);
      expect(normalizePersonName(once)).toBe(once);
    }
  });
});

describe('toSimplified / namesMatch', () => {
  it('converts traditional (Hong Kong and Taiwan) names to simplified', () => {
    expect(toSimplified('陳大文')).toBe('陈大文');
    expect(toSimplified('歐陽靜')).toBe('欧阳静');
    expect(toSimplified('衞志強')).toBe('卫志强'); // Hong Kong variant
    expect(toSimplified('衛志強')).toBe('卫志强'); // Taiwan standard
    expect(toSimplified('王芳')).toBe('王芳');
  });

  it('matches a traditional name with its simplified form', () => {
    expect(namesMatch('陳大文', '陈大文')).toBe(true);
    expect(namesMatch(' 陳 大文', '陈大文')).toBe(true);
    expect(namesMatch('阿依古丽•買買提', '阿依古丽·买买提')).toBe(true);
    expect(namesMatch('Ａ・李', 'A·李')).toBe(true);
  });

  it('does not match different people', () => {
    expect(namesMatch('陈大文', '陈大武')).toBe(false);
    expect(namesMatch('王芳', '汪芳')).toBe(false);
    expect(namesMatch('阿依古丽·买买提', '阿依古丽买买提')).toBe(false);
  });
});

describe('pinyinOf', () => {
  it('gives 王芳 as wangfang / wf', () => {
    expect(pinyinOf('王芳')).toEqual({ full: 'wangfang', initials: 'wf' });
  });

  it('normalizes and simplifies first', () => {
    expect(pinyinOf(' 陳 大文 ')).toEqual({ full: 'chendawen', initials: 'cdw' });
  });

  it('reads family names in surname mode and writes ü as v', () => {
    expect(pinyinOf('曾小明').full).toBe('zengxiaoming');
    expect(pinyinOf('单田芳').full).toBe('shantianfang');
    expect(pinyinOf('吕方')).toEqual({ full: 'lvfang', initials: 'lf' });
  });

  it('drops dots and keeps Latin words whole', () => {
    expect(pinyinOf('阿依古丽·买买提')).toEqual({ full: 'ayiguli' + 'maimaiti', initials: 'ayglmmt' });
    expect(pinyinOf('Ａ·李')).toEqual({ full: 'ali', initials: 'al' });
    expect(pinyinOf('John 李')).toEqual({ full: 'johnli', initials: 'jl' });
  });

  it('returns empty strings for an empty name', () => {
    expect(pinyinOf('  ')).toEqual({ full: '', initials: '' });
  });
});
