/**
 * Person names (姓名) as upstreams send them: full-width letters, stray spaces ('王 芳'), assorted
 * middle dots in minority and foreign names ('阿依古丽•买买提'), traditional characters from Hong
 * Kong / Taiwan registrations ('陳大文'). Real-name matching compares normalized, simplified forms.
 */
import { pinyin } from 'pinyin-pro';
import { NOT_ROUND_TRIP, TRADITIONAL_TO_SIMPLIFIED } from './traditional-to-simplified';

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

/** Traditional → simplified code point, built on first use from the generated table. */
let simplifiedOf: Map<string, string> | null = null;

function characterTable(): Map<string, string> {
  if (!simplifiedOf) {
    simplifiedOf = new Map();
    for (const pair of TRADITIONAL_TO_SIMPLIFIED.split(' ')) {
      const [traditional, simplified] = [...pair];
      if (traditional && simplified) simplifiedOf.set(traditional, simplified);
    }
  }
  return simplifiedOf;
}

/**
 * Traditional (Hong Kong / Taiwan) → simplified mainland characters; simplified text passes through.
 * Character by character, as opencc-js's hk→cn then tw→cn convert single characters (衞 → 卫 is
 * only in the Hong Kong variants); no phrase conversion (軟體 → 软件), which would be wrong for names.
 * A table rather than opencc-js's converters: their tries cost tens of MB of heap for the life of the process.
 */
export function toSimplified(name: string): string {
  const table = characterTable();
  let out = '';
  for (const c of name) out += table.get(c) ?? c;
  return out;
}

/**
 * A character that is plainly the traditional form of a simplified one: it simplifies, and the
 * simplified character converts back to it (陳 → 陈 → 陳). 乾 (→ 干 → 幹) is not: simplified
 * text uses it too (王乾).
 */
export function isPlainlyTraditional(character: string): boolean {
  return characterTable().has(character) && !NOT_ROUND_TRIP.includes(character);
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
