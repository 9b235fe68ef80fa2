import { sql } from 'kysely';
import type { City, MemberStatus, MembershipEventKind } from '../../../schema/enums';
import { dataIssueFromRow, defineLoader, manyByKey, type DataIssueValue } from '../../kit';

/**
 * What a member shows beyond its own row, each read for a whole page of members in one query
 * (a page of 500 members costs one query per table, not one per member).
 */
export interface MemberSourceValue {
  system: string;
  sourceId: string;
  city: City | null;
  unionId: string | null;
  status: MemberStatus;
  updatedAt: string;
}

export interface MembershipEventValue {
  kind: MembershipEventKind;
  at: string;
  system: string;
  unionId: string | null;
}

/** A member's upstream records are the live source rows of the same person, newest first. */
export const sourcesLoader = defineLoader<string, MemberSourceValue[]>('memberSourcesByPerson', async (store, personKeys) => {
  const rows = await store.db
    .selectFrom('member_sources')
    .select(['person_key', 'system', 'source_id', 'city', 'union_id', 'status', 'updated_at'])
    .where('person_key', 'in', [...personKeys])
    .where('deleted', '=', 0)
    .orderBy('version', 'desc')
    .orderBy('system')
    .orderBy('source_id')
    .execute();
  return manyByKey(personKeys, rows, (r) => r.person_key).map((list) =>
    list.map((r) => ({
      system: r.system,
      sourceId: r.source_id,
      city: r.city as City | null,
      unionId: r.union_id,
      status: r.status as MemberStatus,
      updatedAt: r.updated_at,
    })),
  );
});

export const historyLoader = defineLoader<string, MembershipEventValue[]>('memberHistory', async (store, memberIds) => {
  const rows = await store.db
    .selectFrom('member_events')
    .select(['member_id', 'kind', 'at', 'system', 'union_id'])
    .where('member_id', 'in', [...memberIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
  return manyByKey(memberIds, rows, (r) => r.member_id).map((list) =>
    list.map((r) => ({ kind: r.kind as MembershipEventKind, at: r.at, system: r.system, unionId: r.union_id })),
  );
});

/**
 * A member's data issues: member-level ones (entity_id is the member id, e.g. DUAL_ACTIVE_MEMBERSHIP)
 * and those of the member's upstream records (the pipeline keys those by system and source id).
 * Two queries per batch; an issue found both ways is listed once.
 */
export const memberIssuesLoader = defineLoader<string, DataIssueValue[]>('memberDataIssues', async (store, memberIds) => {
  const ids = [...memberIds];
  const own = await store.db
    .selectFrom('data_issues')
    .selectAll()
    .select(sql<string>`entity_id`.as('member_id'))
    .where('entity_type', '=', 'member')
    .where('entity_id', 'in', ids)
    .execute();
  const ofSources = await store.db
    .selectFrom('data_issues')
    .innerJoin('member_sources', (join) =>
      join.onRef('member_sources.system', '=', 'data_issues.system').onRef('member_sources.source_id', '=', 'data_issues.source_id'),
    )
    .innerJoin('members', 'members.person_key', 'member_sources.person_key')
    .selectAll('data_issues')
    .select('members.id as member_id')
    .where('data_issues.entity_type', '=', 'member')
    .where('members.id', 'in', ids)
    .execute();
  return manyByKey(ids, [...own, ...ofSources], (r) => r.member_id).map((list) => {
    const seen = new Set<number>();
    return list
      .filter((r) => (seen.has(Number(r.id)) ? false : (seen.add(Number(r.id)), true)))
      .sort((a, b) => a.detected_at.localeCompare(b.detected_at) || Number(a.id) - Number(b.id))
      .map(dataIssueFromRow);
  });
});
