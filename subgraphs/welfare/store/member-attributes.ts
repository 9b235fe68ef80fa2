import type { Kysely, Selectable } from 'kysely';
import { HubError, InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import type { HubTables, MemberWelfareAttributesTable } from '../../../core/store/tables';
import { defineLoader, isTrue, oneByKey } from '../../kit';
import type { MemberFacts } from './eligibility';

/**
 * Welfare's own facts about a member. No upstream reports hardship (困难职工), a martyr's family
 * (烈属) or frontline work at a non-public enterprise (非公企业一线职工), so a union officer records
 * them here, with the basis (e.g. the hardship file number) and who recorded them; every change is
 * appended to member_welfare_attribute_log.
 */
export interface WelfareAttributesValue {
  memberId: string;
  hardship: boolean;
  martyrFamily: boolean;
  frontlineNonPublic: boolean;
  basis: string | null;
  setBy: string;
  setAt: string;
}

export interface WelfareAttributesChange {
  hardship?: boolean | null;
  martyrFamily?: boolean | null;
  frontlineNonPublic?: boolean | null;
  basis?: string | null;
  /** Who records the change. Until requests carry an authenticated principal, the caller says. */
  recordedBy: string;
}

const MAX_TEXT = 200;

function toValue(row: Selectable<MemberWelfareAttributesTable>): WelfareAttributesValue {
  return {
    memberId: row.member_id,
    hardship: isTrue(row.hardship),
    martyrFamily: isTrue(row.martyr_family),
    frontlineNonPublic: isTrue(row.frontline_non_public),
    basis: row.basis,
    setBy: row.set_by,
    setAt: row.set_at,
  };
}

export const welfareAttributesLoader = defineLoader<string, WelfareAttributesValue | null>('memberWelfareAttributes', async (store, memberIds) => {
  const rows = await store.db.selectFrom('member_welfare_attributes').selectAll().where('member_id', 'in', [...memberIds]).execute();
  return oneByKey(memberIds, rows.map(toValue), (a) => a.memberId);
});

/** A member as enrollment sees it: status and the facts the eligibility rules read; null if unknown. */
export async function memberFacts(trx: Kysely<HubTables>, memberId: string): Promise<(MemberFacts & { status: string }) | null> {
  const row = await trx
    .selectFrom('members')
    .leftJoin('member_welfare_attributes as a', 'a.member_id', 'members.id')
    .select(['members.status', 'members.new_employment', 'a.hardship', 'a.martyr_family', 'a.frontline_non_public'])
    .where('members.id', '=', memberId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    status: row.status,
    newEmploymentForm: isTrue(row.new_employment),
    hardship: isTrue(row.hardship),
    martyrFamily: isTrue(row.martyr_family),
    frontlineNonPublic: isTrue(row.frontline_non_public),
  };
}

function optionalText(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  if (value.trim().length > MAX_TEXT) throw new InputError(field, 'MAX_LENGTH', `${field} must be at most ${MAX_TEXT} characters`);
  return value.trim();
}

/** Sets the flags the change names (absent or null = unchanged; false for a member seen the first time). */
export async function setWelfareAttributes(store: Store, memberId: string, change: WelfareAttributesChange, requestId: string, now: Date): Promise<WelfareAttributesValue> {
  const recordedBy = optionalText(change.recordedBy, 'input.recordedBy');
  if (!recordedBy) throw new InputError('input.recordedBy', 'REQUIRED', 'input.recordedBy must name who records the change');
  const basis = optionalText(change.basis, 'input.basis');
  return store.db.transaction().execute(async (trx) => {
    const member = await trx.selectFrom('members').select('id').where('id', '=', memberId).executeTakeFirst();
    if (!member) throw new HubError('NOT_FOUND', `no member ${memberId}`, { field: 'memberId' });
    const before = await trx.selectFrom('member_welfare_attributes').selectAll().where('member_id', '=', memberId).executeTakeFirst();
    const flag = (next: boolean | null | undefined, old: number | undefined) => (next === null || next === undefined ? Number(old ?? 0) : next ? 1 : 0);
    const row = {
      member_id: memberId,
      hardship: flag(change.hardship, before?.hardship),
      martyr_family: flag(change.martyrFamily, before?.martyr_family),
      frontline_non_public: flag(change.frontlineNonPublic, before?.frontline_non_public),
      basis: change.basis === undefined ? before?.basis ?? null : basis,
      set_by: recordedBy,
      set_at: now.toISOString(),
    };
    await trx
      .insertInto('member_welfare_attributes')
      .values(row)
      .onConflict((oc) => oc.column('member_id').doUpdateSet({
        hardship: row.hardship, martyr_family: row.martyr_family, frontline_non_public: row.frontline_non_public,
        basis: row.basis, set_by: row.set_by, set_at: row.set_at,
      }))
      .execute();
    await trx.insertInto('member_welfare_attribute_log').values({ ...row, request_id: requestId }).execute();
    return toValue(row);
  });
}
