import type { City } from '../../schema/enums';
import type { CanonicalChange, DataIssueDraft } from '../../schema/model';
import {
  checkCreditCode, readIdDocument, readMobile, readPersonName, simplifyResidentName,
} from '../pipeline/canonical-fields';
import type { RecordReader } from '../pipeline/record-reader';
import { GENDER, ID_TYPE, JOIN_CHANNEL, MEMBER_STATUS, OCCUPATION } from './codes';
import { code, codeList, optCode, optCompactDate } from './fields';
import type { Header } from './map';

/**
 * One `/members` record (also the `data` of a pushed member event) → a member source.
 * Messy values the contract allows are repaired by the shared rules: ID numbers in 15 digits
 * (upgraded, INFO issue), full-width, lower-case x or padded (normalized); phones with +86, spaces
 * or dashes; names with stray spaces, any of the middle dots, or traditional characters (INFO
 * issue). An ID number whose check character is wrong cannot be repaired: a dead letter.
 */
export function member(r: RecordReader, header: Header, city: City): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const idType = code(r, 'zjlx', ID_TYPE);
  const document = readIdDocument(idType, r.string('zjhm'), 'zjhm');
  issues.push(...document.issues);
  const name = simplifyResidentName(readPersonName(r.optString('xm'), 'xm'), idType, 'xm', issues);
  return {
    entity: 'member', op: 'upsert', issues,
    record: {
      ...header,
      name,
      idType,
      idNumber: document.idNumber,
      // "9" (unstated) and no value are both unknown; a resident ID's own digit decides in the member view.
      gender: optCode(r, 'xb', GENDER) ?? null,
      birthDate: null,
      mobile: readMobile(r.optString('sjhm'), 'sjhm', issues),
      unionSourceId: r.optString('ghid'),
      city,
      joinedOn: optCompactDate(r, 'rhrq'),
      joinChannel: optCode(r, 'rhqd', JOIN_CHANNEL) ?? null,
      occupations: [...codeList(r, 'zybs', OCCUPATION)].sort(),
      employerName: r.optString('gzdw'),
      employerCreditCode: checkCreditCode(r.optString('gzdwxydm'), 'gzdwxydm', issues),
      status: code(r, 'hyzt', MEMBER_STATUS),
    },
  };
}
