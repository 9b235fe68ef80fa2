/**
 * Person names (姓名) as upstreams send them: full-width letters, stray spaces ('王 芳'), assorted
 * middle dots in minority and foreign names ('阿依古丽•买买提'), traditional characters from Hong
 * Kong / Taiwan registrations ('陳大文'). Real-name matching compares normalized, simplified forms.
 */
import { Converter } from 'opencc-js';
import { pinyin } from 'pinyin-pro';

const HAN = '\\p{Script=Han}';

/** Dots used as the name separator: ·(U+00B7) ·(U+0387) •(U+2022) ‧(U+2027) ∙(U+2219) ⋅(U+22C5) ・(U+30FB) ･(U+FF65). */
const MIDDLE_DOTS = /[\u00B7\u0387\u2022\u2027\u2219\u22C5\u30FB\uFF65]/g;
/** A full stop between two Han characters is a typed-in middle dot ('阿依古丽.买买提'). */
const FULL_STOP_BETWEEN_HAN = new RegExp(`(?<=${HAN})\\.(?=${HAN})`, 'gu');
/** Zero-width characters that come along with copy-paste and make equal names compare unequal. */
const INVISIBLES = /[\u200B-\u200D\u2060\uFEFF]/g;
const SPACE_BETWEEN_HAN = new RegExp(`(?<=${HAN}) (?=${HAN})`, 'gu');
const SPACE_AROUND_DOT = / ?· ?/g;

export function normalizePersonName(raw: string): string {
  return raw
    .normalize('NFKC') // full-width Latin → ASCII, U+FF65 → U+30FB, U+3000 → space
    .replace(INVISIBLES, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(MIDDLE_DOTS, '·')
    .replace(FULL_STOP_BETWEEN_HAN, '·')
    .replace(SPACE_AROUND_DOT, '·')
    .replace(SPACE_BETWEEN_HAN, '');
}

type TextConverter = (text: string) => string;
let simplifier: TextConverter | null = null;

/**
 * Hong Kong variants first (衞 → 卫 is only known to the HK table), then Taiwan variants; both end
 * in mainland simplified. Character-level tables only: no phrase conversion (軟體 → 软件), which
 * would be wrong for names. Built lazily because the dictionaries take a moment to load.
 */
function getSimplifier(): TextConverter {
  if (!simplifier) {
    const fromHongKong = Converter({ from: 'hk', to: 'cn' });
    const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
    simplifier = (text) => fromTaiwan(fromHongKong(text));
  }
  return simplifier;
}

/** Traditional (Hong Kong / Taiwan) → simplified mainland characters; simplified text passes through. */
export function toSimplified(name: string): string {
  return getSimplifier()(name);
}

/** Same person name after normalization and simplification ('陳大文' matches '陈大文'). Case-sensitive for Latin. */
export function namesMatch(a: string, b: string): boolean {
  return toSimplified(normalizePersonName(a)) === toSimplified(normalizePersonName(b));
}

/** Runs of Han characters, or of Latin letters and digits; dots, spaces and punctuation separate them. */
const NAME_PARTS = new RegExp(`${HAN}+|[A-Za-z0-9]+`, 'gu');
const HAN_RUN = new RegExp(`^${HAN}`, 'u');

/**
 * Pinyin for search and sorting: lower case, no tones, no spaces, ü written v (吕 → 'lv').
 * 王芳 → { full: 'wangfang', initials: 'wf' }. The first Han run is read in surname mode, so
 * 曾 is 'zeng' and 单 'shan' as family names. Latin words are kept as words: 'A·李' → 'ali' / 'al'.
 */
export function pinyinOf(name: string): { full: string; initials: string } {
  const parts = toSimplified(normalizePersonName(name)).match(NAME_PARTS) ?? [];
  let full = '';
  let initials = '';
  parts.forEach((part, i) => {
    const syllables = HAN_RUN.test(part) ? hanSyllables(part, i === 0) : [part.toLowerCase()];
    for (const s of syllables) {
      full += s;
      initials += s[0] ?? '';
    }
  });
  return { full, initials };
}

function hanSyllables(han: string, atNameStart: boolean): string[] {
  return pinyin(han, {
    toneType: 'none',
    type: 'array',
    v: true,
    ...(atNameStart ? { mode: 'surname', surname: 'head' } : {}),
  }).map((s) => s.toLowerCase());
}
