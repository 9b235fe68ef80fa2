import { Converter } from 'opencc-js';
import { parseResidentId } from '../../core/identity/resident-id';
import { simplifyResidentName } from '../pipeline/canonical-fields';
import { hashString, mixSeed } from '../synthetic-province/random';

/**
 * The messy values 甬工惠's contract allows, applied by the simulator to a known, deterministic
 * subset of records (chosen by a hash of the record id and field, so every run and every test
 * sees the same ones). Each function returns the value as sent, and `messOf` says what was done
 * to a member record, so tests can check the hub repaired exactly those.
 */
export interface MemberMess {
  /** How zjhm was written. */
  idNumber: 'as-is' | 'fifteen-digits' | 'full-width' | 'padded';
  /** A trailing X sent as lower-case x. */
  lowerX: boolean;
  mobile: 'as-is' | 'plus86' | 'dashes' | 'spaces' | 'empty' | 'absent';
  name: 'as-is' | 'traditional' | 'inner-space' | 'padded' | 'other-dot';
}

/** 0–99 for a record id and a field: which bucket of the mess it falls in. */
export function bucket(id: string, field: string): number {
  return mixSeed(hashString(`${id}:${field}`)) % 100;
}

let traditional: ((text: string) => string) | null = null;

function toTraditional(text: string): string {
  traditional ??= Converter({ from: 'cn', to: 'tw' });
  return traditional(text);
}

/** Legacy 15 digits are possible for a valid number of someone born in the 1900s (YYMMDD, no check). */
function fifteenDigitForm(idNumber: string): string | null {
  const parsed = parseResidentId(idNumber);
  return parsed.ok && !parsed.upgradedFrom15 && idNumber.slice(6, 8) === '19' ? idNumber.slice(0, 6) + idNumber.slice(8, 17) : null;
}

/** The traditional spelling of a name, when the hub's rule turns it back into exactly this name. */
function traditionalForm(name: string): string | null {
  const t = toTraditional(name);
  return t !== name && simplifyResidentName(t, 'RESIDENT_ID', 'xm', []) === name ? t : null;
}

export function messOf(row: { id: string; id_type: string; id_number: string; mobile: string | null; name: string }): MemberMess {
  const resident = row.id_type === 'RESIDENT_ID';
  const idBucket = bucket(row.id, 'zjhm');
  const idNumber: MemberMess['idNumber'] = !resident ? 'as-is'
    : idBucket < 10 && fifteenDigitForm(row.id_number) !== null ? 'fifteen-digits'
      : idBucket >= 10 && idBucket < 16 ? 'full-width'
        : idBucket >= 16 && idBucket < 22 ? 'padded' : 'as-is';
  const lowerX = resident && idNumber !== 'fifteen-digits' && row.id_number.endsWith('X') && bucket(row.id, 'x') < 60;
  const m = bucket(row.id, 'sjhm');
  const mobile: MemberMess['mobile'] = row.mobile === null ? (m % 2 === 0 ? 'empty' : 'absent')
    : m < 8 ? 'plus86' : m < 14 ? 'dashes' : m < 18 ? 'spaces' : 'as-is';
  const n = bucket(row.id, 'xm');
  const dotted = /·/.test(row.name);
  const name: MemberMess['name'] = dotted ? (n % 4 === 0 ? 'as-is' : 'other-dot')
    : n < 6 && resident && traditionalForm(row.name) !== null ? 'traditional'
      : n >= 6 && n < 10 && /^\p{Script=Han}{2,}$/u.test(row.name) ? 'inner-space'
        : n >= 10 && n < 12 ? 'padded' : 'as-is';
  return { idNumber, lowerX, mobile, name };
}

const FULL_WIDTH_OFFSET = 0xff10 - 0x30;

export function messyIdNumber(idNumber: string, mess: MemberMess): string {
  let text = idNumber;
  if (mess.idNumber === 'fifteen-digits') text = fifteenDigitForm(idNumber) ?? idNumber;
  if (mess.lowerX) text = text.replace(/X$/, 'x');
  if (mess.idNumber === 'full-width') {
    text = text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + FULL_WIDTH_OFFSET)).replace(/X$/, 'Ｘ').replace(/x$/, 'ｘ');
  }
  if (mess.idNumber === 'padded') text = ` ${text}  `;
  return text;
}

export function messyMobile(mobile: string | null, mess: MemberMess): string | undefined {
  if (mobile === null) return mess.mobile === 'absent' ? undefined : '';
  switch (mess.mobile) {
    case 'plus86': return `+86 ${mobile}`;
    case 'dashes': return `${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`;
    case 'spaces': return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
    default: return mobile;
  }
}

/** The middle dots upstream keyboards produce: ·(U+00B7) •(U+2022) ・(U+30FB) ･(U+FF65). */
const DOTS = ['\u2022', '\u30FB', '\uFF65'];

export function messyName(name: string, id: string, mess: MemberMess): string {
  switch (mess.name) {
    case 'traditional': return traditionalForm(name) ?? name;
    case 'inner-space': return `${name.slice(0, 1)} ${name.slice(1)}`;
    case 'padded': return ` ${name} `;
    case 'other-dot': return name.replace(/·/g, DOTS[bucket(id, 'dot') % DOTS.length]);
    default: return name;
  }
}

/** "" or no field at all for a missing value, the contract allows both: alternate by record. */
export function emptyOrAbsent(id: string, field: string): '' | undefined {
  return bucket(id, `${field}:empty`) % 2 === 0 ? '' : undefined;
}
