import { defineLoader, oneByKey } from '../../kit';

/**
 * The encrypted ID number and mobile of members, read only to disclose them (disclosure.ts): kept
 * out of MemberValue so no other resolver can serve them by mistake.
 */
export interface EncryptedPii {
  memberId: string;
  idNumberEnc: string;
  mobileEnc: string | null;
}

export const encryptedPiiLoader = defineLoader<string, EncryptedPii | null>('memberEncryptedPii', async (store, ids) => {
  const rows = await store.db.selectFrom('members').select(['id', 'id_number_enc', 'mobile_enc']).where('id', 'in', [...ids]).execute();
  return oneByKey(ids, rows.map((r) => ({ memberId: r.id, idNumberEnc: r.id_number_enc, mobileEnc: r.mobile_enc })), (p) => p.memberId);
});
