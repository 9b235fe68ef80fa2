import type Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { Converter } from 'opencc-js';
import { parseResidentId } from '../../core/identity/resident-id';
import { simplifyResidentName } from '../pipeline/canonical-fields';
import type { MemberRow } from '../synthetic-province/store';
import { SHAOXING_SYSTEM } from './simulator-feed';

/**
 * The messy but allowed ways Shaoxing's records spell the same facts, chosen per record from a hash
 * of its id (so every read shows the same spelling): ID numbers with full-width digits, lower-case
 * x, spaces or in the legacy 15-digit form; phones with +86, spaces and dashes; names in
 * traditional characters, with another middle dot, or with the rare characters Shaoxing can store
 * and GB2312 cannot (喆, 堃, 燚 …: in GBK, so they must arrive intact). A spelling never changes
 * what the record means: an ID number stays exactly as valid or invalid as the stored one.
 */
const RARE_GIVEN_NAME_CHARACTERS = ['喆', '堃', '燚', '昇', '玥', '珺', '璟', '犇', '翀', '赟', '祎', '琤', '旻', '镕'];

function hash(text: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 1000;
}

function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** Only what GBK can carry survives Shaoxing's system: anything else would turn into "?". */
export function gbkRoundTrips(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text;
}

let toTraditional: ((text: string) => string) | null = null;

/**
 * The name in traditional characters, when the hub's rule for residents' names brings it back to
 * exactly this name (a character like 乾 has no one way back); else the name as it is.
 */
function traditional(name: string): string {
  toTraditional ??= Converter({ from: 'cn', to: 'tw' });
  const written = toTraditional(name);
  return simplifyResidentName(written, 'RESIDENT_ID', 'name', []) === name ? written : name;
}

export class MessyValues {
  /**
   * Members who get a rare character in their name: only people with no record in another system,
   * so the rename never makes two systems disagree about one person's name.
   */
  private readonly rareNamed: ReadonlySet<string>;

  constructor(db: Database.Database) {
    const shared = db.prepare<[string], { person_no: number }>(
      `SELECT person_no FROM members WHERE person_no IN (SELECT person_no FROM members WHERE system = ?)
       GROUP BY person_no HAVING COUNT(*) > 1`,
    ).all(SHAOXING_SYSTEM);
    const sharedPersons = new Set(shared.map((r) => r.person_no));
    const candidates = db.prepare<[string], { id: string; person_no: number; name: string }>(
      "SELECT id, person_no, name FROM members WHERE system = ? AND id_type = 'RESIDENT_ID'",
    ).all(SHAOXING_SYSTEM);
    this.rareNamed = new Set(candidates
      .filter((m) => hash(m.id, 1) < 40 && !sharedPersons.has(m.person_no) && /^\p{Script=Han}{2,4}$/u.test(m.name))
      .map((m) => m.id));
  }

  hasRareName(memberId: string): boolean {
    return this.rareNamed.has(memberId);
  }

  name(row: Pick<MemberRow, 'id' | 'name' | 'id_type'>): string {
    const h = hash(row.id, 2);
    let name = row.name;
    if (this.rareNamed.has(row.id)) {
      name = name.slice(0, -1) + RARE_GIVEN_NAME_CHARACTERS[h % RARE_GIVEN_NAME_CHARACTERS.length];
    } else if (h < 60 && row.id_type === 'RESIDENT_ID') {
      name = traditional(name);
    } else if (name.includes('·')) {
      name = name.replace('·', h % 2 === 0 ? '•' : '・');
    }
    return gbkRoundTrips(name) ? name : row.name;
  }

  idNumber(row: Pick<MemberRow, 'id' | 'id_type' | 'id_number'>): string {
    const id = row.id_number;
    if (row.id_type !== 'RESIDENT_ID') return hash(row.id, 3) < 100 ? ` ${id} ` : id;
    const h = hash(row.id, 3);
    if (h < 60) return fullWidth(id);
    if (h < 120) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
    if (h < 170 && id.endsWith('X')) return id.slice(0, 17) + 'x';
    // The legacy form only for numbers that are valid: a 15-digit number has no check character,
    // so writing an invalid one that way would make it valid.
    if (h < 220 && id.slice(6, 8) === '19' && parseResidentId(id).ok) return id.slice(0, 6) + id.slice(8, 17);
    return id;
  }

  mobile(row: Pick<MemberRow, 'id' | 'mobile'>): string {
    const m = row.mobile;
    if (!m) return '';
    const h = hash(row.id, 4);
    if (h < 100) return `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
    if (h < 200) return `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
    if (h < 250) return `+86${m}`;
    if (h < 280) return fullWidth(m);
    return m;
  }
}
