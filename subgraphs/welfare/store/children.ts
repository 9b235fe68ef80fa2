import { HubError, InputError } from '../../../core/errors';
import type { PiiCipher } from '../../../core/pii';

/**
 * A child at a summer camp (职工子女夏令营). Data on minors is sensitive under PIPL, so the hub keeps
 * only what the camp needs: the parent member (the enrollment's member), the child's given name
 * (名, no surname) and birth year (no date, no ID number). The given name is stored encrypted;
 * lists show it masked (小明 → 小*). Messages and logs never carry it: errors name the field only.
 */
export interface ChildInput {
  givenName: string;
  birthYear: number;
}

export interface ChildRecord {
  givenNameEnc: string;
  givenNameMasked: string;
  birthYear: number;
  /** Tells two children of one member apart without the name: a keyed hash, not reversible. */
  placeKey: string;
}

const MAX_GIVEN_NAME = 10;
/** Letters of any script, and the middle dot of transliterated minority names (阿依·古丽). */
const GIVEN_NAME = /^[\p{L}·]+$/u;
/** Under 18 in the camp's year: older children are not minors and not the camp's audience. */
const OLDEST_AGE = 17;

export function checkChild(child: ChildInput, programYear: number): ChildInput {
  const givenName = child.givenName.normalize('NFKC').replace(/\s+/g, '');
  const length = [...givenName].length;
  if (length === 0 || length > MAX_GIVEN_NAME || !GIVEN_NAME.test(givenName)) {
    // The value is a minor's name: the message describes the rule and never repeats it.
    throw new InputError('childGivenName', 'FORMAT', `childGivenName must be the child's given name only: 1–${MAX_GIVEN_NAME} letters`);
  }
  const year = child.birthYear;
  if (!Number.isInteger(year) || year > programYear || year < programYear - OLDEST_AGE) {
    throw new InputError('childBirthYear', 'MINOR', `childBirthYear must make the child a minor in ${programYear}: between ${programYear - OLDEST_AGE} and ${programYear}, got ${year}`);
  }
  return { givenName, birthYear: year };
}

/** 小明 → 小*; a one-character name shows nothing (its first character would be all of it). */
export function maskGivenName(givenName: string): string {
  const chars = [...givenName];
  return chars.length <= 1 ? '*' : `${chars[0]}*`;
}

export function childRecord(pii: PiiCipher | undefined, memberId: string, child: ChildInput): ChildRecord {
  if (!pii) throw new HubError('CONFIG_INVALID', 'children\'s camp enrollment needs the PII key: the welfare subgraph was started without one');
  return {
    givenNameEnc: pii.encrypt(child.givenName),
    givenNameMasked: maskGivenName(child.givenName),
    birthYear: child.birthYear,
    placeKey: `child:${pii.blindIndex(`welfare-child\u0000${memberId}\u0000${child.givenName}\u0000${child.birthYear}`)}`,
  };
}
