import { checkCharacter } from '../../core/identity/resident-id';
import type { Gender, IdType } from '../../schema/enums';
import { zhejiangCounties } from './divisions';
import { mobileNumber, passportName, personName } from './names';
import { AffinePermutation, type Rng } from './random';
import { compactDate, dayOf } from './time';

/**
 * Synthetic people: a name, a mobile and an identity document that is unique by construction.
 * Resident IDs (GB 11643) are built from a slot that a permutation hands out per person number,
 * so no two people share a number and no lookup table is needed at two million people.
 */
export interface IdentityDocument {
  idType: IdType;
  idNumber: string;
  gender: Gender;
}

export interface Person {
  no: number;
  name: string;
  mobile: string | null;
  document: IdentityDocument;
}

const BIRTH_FIRST_DAY = dayOf('1960-01-01');
const BIRTH_DAYS = dayOf('2004-12-31') - BIRTH_FIRST_DAY + 1;
/** Sequence numbers 000–999 come in pairs: even for women, odd for men. */
const SEQUENCE_PAIRS = 500;

/** Shares of people identified by something other than a mainland resident ID. */
const OTHER_DOCUMENTS: ReadonlyArray<{ idType: IdType; share: number }> = [
  { idType: 'HK_MACAO_PERMIT', share: 0.0015 },
  { idType: 'TAIWAN_PERMIT', share: 0.0005 },
  { idType: 'PASSPORT', share: 0.001 },
];

export class PeopleFactory {
  private readonly areaCodes = zhejiangCounties().map((c) => c.code);
  private readonly slots: AffinePermutation;

  constructor(rng: Rng) {
    this.slots = new AffinePermutation(this.areaCodes.length * BIRTH_DAYS * SEQUENCE_PAIRS, rng);
  }

  /**
   * The person numbered `no`; `residentOnly` forces a resident ID (people whose record will carry a
   * wrong check character). Drawing order inside is fixed so the same person comes out every time.
   */
  person(no: number, rng: Rng, residentOnly: boolean): Person {
    const male = rng.chance(0.7);
    const gender: Gender = male ? 'MALE' : 'FEMALE';
    let idType: IdType = 'RESIDENT_ID';
    const roll = rng.float();
    let threshold = 0;
    for (const other of OTHER_DOCUMENTS) {
      threshold += other.share;
      if (!residentOnly && roll < threshold) {
        idType = other.idType;
        break;
      }
    }
    const name = idType === 'PASSPORT' ? passportName(rng) : personName(rng, male);
    const mobile = rng.chance(0.03) ? null : mobileNumber(rng);
    const idNumber = idType === 'RESIDENT_ID' ? this.residentId(no, male) : permitNumber(idType, no);
    return { no, name, mobile, document: { idType, idNumber, gender } };
  }

  /** A valid 18-character resident ID: Zhejiang county, birth date 1960–2004, sequence, check. */
  residentId(no: number, male: boolean): string {
    const slot = this.slots.at(no);
    const area = this.areaCodes[slot % this.areaCodes.length];
    const rest = Math.floor(slot / this.areaCodes.length);
    const birthDay = BIRTH_FIRST_DAY + (rest % BIRTH_DAYS);
    const pair = Math.floor(rest / BIRTH_DAYS);
    const sequence = String(pair * 2 + (male ? 1 : 0)).padStart(3, '0');
    const first17 = area + compactDate(birthDay) + sequence;
    return first17 + checkCharacter(first17);
  }
}

/** Permit and passport numbers, unique per person number (an odd multiplier is a bijection mod 10^8). */
function permitNumber(idType: IdType, no: number): string {
  const digits = String((no * 7919 + 12345) % 100_000_000).padStart(8, '0');
  switch (idType) {
    case 'HK_MACAO_PERMIT': return (no % 5 === 0 ? 'M' : 'H') + digits;
    case 'TAIWAN_PERMIT': return digits;
    case 'PASSPORT': return 'P' + digits;
    default: throw new Error(`no permit format for ${idType}`);
  }
}

/** The same number with a different, wrong check character (a typo upstream). */
export function withWrongCheckCharacter(idNumber: string, rng: Rng): string {
  const chars = '0123456789X';
  const right = chars.indexOf(idNumber[17]);
  return idNumber.slice(0, 17) + chars[(right + rng.int(1, 10)) % 11];
}

/** The hub's key for a person: document type and number. */
export function personKey(document: IdentityDocument): string {
  return `${document.idType}:${document.idNumber}`;
}
