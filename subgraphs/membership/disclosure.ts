import { recordDisclosure, type DisclosedField } from '../../core/audit/audit-log';
import { HubError } from '../../core/errors';
import { requireDisclosure } from '../kit/authorize';
import type { SubgraphContext } from '../kit';
import { checkPurpose } from './purpose';
import { encryptedPiiLoader } from './store/member-pii';
import type { MemberValue } from './store/members';

/** Decrypts what the member view stores (core/pii.ts PiiCipher). */
export interface PiiDecrypter {
  decrypt(token: string): string;
}

const FIELD_NAME: Record<DisclosedField, string> = { ID_NUMBER: 'idNumber', MOBILE: 'mobile' };

/**
 * The full ID number or mobile of a member, for a caller allowed to disclose (pii:disclose within
 * its city reach) who says why. The audit row is written before the value is returned: if the
 * write fails, the request fails and nothing is shown. Nothing is recorded when nothing is shown
 * (refused, bad purpose, no mobile on file).
 */
export async function disclose(
  ctx: SubgraphContext,
  pii: PiiDecrypter | null | undefined,
  member: MemberValue,
  field: DisclosedField,
  purpose: string,
): Promise<string | null> {
  const identity = requireDisclosure(ctx, `the full ${FIELD_NAME[field]} of member ${member.id}`, member.city);
  const why = checkPurpose(purpose);
  if (!pii) throw new HubError('CONFIG_INVALID', 'disclosing personal data needs the PII key (HUB_PII_KEY)');
  const stored = await ctx.loaders.get(encryptedPiiLoader).load(member.id);
  const token = field === 'ID_NUMBER' ? stored?.idNumberEnc : stored?.mobileEnc;
  if (!token) return null;
  const value = pii.decrypt(token);
  await recordDisclosure(ctx.store, {
    at: new Date().toISOString(), subject: identity.subject, role: identity.role, city: identity.city,
    memberId: member.id, field, purpose: why, requestId: ctx.requestId,
  });
  return value;
}
