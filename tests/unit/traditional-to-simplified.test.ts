import { Converter, Locale } from 'opencc-js';
import { isPlainlyTraditional, toSimplified } from '../../core/identity/person-name';
import { NOT_ROUND_TRIP, TRADITIONAL_TO_SIMPLIFIED } from '../../core/identity/traditional-to-simplified';

/**
 * The generated character table must convert exactly as the opencc-js chain it replaced,
 * `tw→cn(hk→cn(text))`, and mark as plainly traditional exactly the characters the old
 * `cn→tw` / `cn→hk` round trip accepted. Regenerate the table (cli/generate-traditional-table.ts)
 * when opencc-js is upgraded and this test fails.
 */
const fromHongKong = Converter({ from: 'hk', to: 'cn' });
const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
const oldToSimplified = (text: string): string => fromTaiwan(fromHongKong(text));

const tableKeys = TRADITIONAL_TO_SIMPLIFIED.split(' ').map((pair) => [...pair][0] ?? '');

/** Every one-code-point source in the dictionaries the old chain loaded, changed by it or not. */
function dictionarySources(): string[] {
  const sources = new Set<string>();
  for (const dictionary of [...(Locale.from.hk ?? []), ...(Locale.from.tw ?? []), ...(Locale.to.cn ?? [])].flat()) {
    if (typeof dictionary !== 'string') continue;
    for (const entry of dictionary.split('|')) {
      const source = entry.split(' ')[0] ?? '';
      if ([...source].length === 1) sources.add(source);
    }
  }
  return [...sources];
}

/** Characters whose old conversion differs from toSimplified, as "c: old ≠ new" (empty when equal). */
function mismatches(characters: string[]): string[] {
  return characters.filter((c) => toSimplified(c) !== oldToSimplified(c)).map((c) => `${c}: ${oldToSimplified(c)} ≠ ${toSimplified(c)}`);
}

describe('traditional → simplified character table', () => {
  it('has thousands of one-code-point pairs, none repeated', () => {
    expect(tableKeys.length).toBeGreaterThan(3000);
    expect(new Set(tableKeys).size).toBe(tableKeys.length);
    for (const pair of TRADITIONAL_TO_SIMPLIFIED.split(' ')) expect([...pair]).toHaveLength(2);
  });

  it('converts every key of the table as the opencc-js hk→cn, tw→cn chain does', () => {
    expect(mismatches(tableKeys)).toEqual([]);
  });

  it('leaves alone what the chain leaves alone: every other dictionary source converts the same too', () => {
    const sources = dictionarySources();
    expect(sources.length).toBeGreaterThan(tableKeys.length);
    expect(mismatches(sources)).toEqual([]);
  });

  it.each([
    '陳大文', '衞志明', '黃麗華', '鄭國強', '歐陽震華', '張學友', '劉德華', '鍾鎮濤', '關之琳', '譚詠麟', '蕭亞軒', '羅志祥',
    '梁朝偉', '鄧麗君', '蔡依林', '周傑倫', '林憶蓮', '吳彥祖', '楊千嬅', '馮德倫', '嚴爵', '鄺美雲', '衛志強', '龐統', '阿依古丽•買買提',
    '王芳', '单雄信', '曾志伟', '欧阳娜娜', '吕方', '李', 'John Smith', 'A·李',
  ])('converts the name %p as the old chain did', (name) => {
    expect(toSimplified(name)).toBe(oldToSimplified(name));
  });

  it('gives the simplified forms people expect, including the Hong Kong-only variant 衞', () => {
    expect(toSimplified('衞志明')).toBe('卫志明');
    expect(toSimplified('陳大文')).toBe('陈大文');
    expect(toSimplified('歐陽震華')).toBe('欧阳震华');
    expect(toSimplified('鍾鎮濤')).toBe('钟镇涛');
    expect(toSimplified('王芳')).toBe('王芳');
    expect(toSimplified('𡻕')).not.toBe('𡻕'); // a supplementary-plane key (two UTF-16 units)
  });

  it('marks as plainly traditional exactly the characters whose simplified form converts back to them', () => {
    const toTaiwan = Converter({ from: 'cn', to: 'tw' });
    const toHongKong = Converter({ from: 'cn', to: 'hk' });
    const oldRoundTrip = (c: string): boolean => {
      const s = oldToSimplified(c);
      return s !== c && (toTaiwan(s) === c || toHongKong(s) === c);
    };
    const differing = tableKeys.filter((c) => isPlainlyTraditional(c) !== oldRoundTrip(c));
    expect(differing).toEqual([]);
    expect(isPlainlyTraditional('陳')).toBe(true);
    expect(isPlainlyTraditional('乾')).toBe(false);
    expect(isPlainlyTraditional('王')).toBe(false);
    expect([...NOT_ROUND_TRIP].every((c) => tableKeys.includes(c))).toBe(true);
  });
});
