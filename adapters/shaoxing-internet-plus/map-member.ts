import type { CanonicalChange, DataIssueDraft } from '../../schema/model';
import { readIdDocument, readMobile, readPersonName, simplifyResidentName } from '../pipeline/canonical-fields';
import { GENDER, ID_TYPE, MEMBER_STATUS, OCCUPATION } from './code-tables';
import type { MapContext } from './map';
import { code, codeList, optCode } from './read-codes';

/**
 * Shaoxing's 会员 (member) record. The ID number, name and mobile go through the rules every
 * contract shares (NFKC, lower-case x, spaces, 15 → 18 digits, GB 11643; +86 and dashes): a number
 * that fails its check character is a dead letter naming `idNo`; a resident's name typed in
 * traditional characters is kept simplified, with a note. Shaoxing knows no joining channel
 * and no employer; the member's city is the source's (its union is a Shaoxing union).
 */
export function mapMember({ r, id, version, city }: MapContext): CanonicalChange {
  const issues: DataIssueDraft[] = [];
  const idType = code(r, 'idType', ID_TYPE);
  const doc = readIdDocument(idType, r.string('idNo'), 'idNo');
  issues.push(...doc.issues);
  return {
    entity: 'member', op: 'upsert', issues,
    record: {
      system: 'shaoxing-internet-plus', sourceId: id, version,
      name: simplifyResidentName(readPersonName(r.optString('name'), 'name'), idType, 'name', issues),
      idType,
      idNumber: doc.idNumber,
      gender: optCode(r, 'gender', GENDER),
      birthDate: null,
      mobile: readMobile(r.optString('mobile'), 'mobile', issues),
      unionSourceId: r.optString('unionId'),
      city,
      joinedOn: r.optDate('joinedOn'),
      joinChannel: null,
      occupations: codeList(r, 'occupation', OCCUPATION, ';').sort(),
      employerName: null,
      employerCreditCode: null,
      status: code(r, 'status', MEMBER_STATUS),
    },
  };
}
