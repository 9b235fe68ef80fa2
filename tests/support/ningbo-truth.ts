import type Database from 'better-sqlite3';
import { applyBatch } from '../../adapters/pipeline/apply-batch';
import { registerSources } from '../../adapters/pipeline/sources';
import type { GroundTruth } from '../../adapters/synthetic-province/generate';
import type { MemberRow } from '../../adapters/synthetic-province/store';
import { mapProvincialRecord } from '../../adapters/zhejiang-digital-union/map';
import { toProvincialMember } from '../../adapters/zhejiang-digital-union/simulator';
import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import { CITY_DIVISION, STATION_KINDS, UNION_TYPES, type City } from '../../schema/enums';

/**
 * Holding a hub that synced 甬工惠 against the synthetic province's ground truth for Ningbo.
 * The real-name view of a person registered in Ningbo and in another city needs that other record
 * too (the truth places a member in the city of their newest ACTIVE record), so the other cities'
 * records of Ningbo's people are applied through the provincial mapper first.
 */
export const NINGBO_SYSTEM = 'ningbo-yonggonghui';

export async function applyOtherCitiesRecordsOfNingboPeople(store: Store, pii: PiiCipher, data: Database.Database): Promise<number> {
  const others = data.prepare(`SELECT * FROM members WHERE system <> '${NINGBO_SYSTEM}' AND person_no IN
    (SELECT person_no FROM members WHERE system = '${NINGBO_SYSTEM}')`).all() as MemberRow[];
  const source = { id: 'province', adapter: 'zhejiang-digital-union', cities: [...new Set(others.map((r) => r.city))], baseUrl: 'http://127.0.0.1:1' };
  await registerSources(store, [source]);
  await applyBatch(store, pii, {
    sourceId: 'province',
    system: 'zhejiang-digital-union',
    records: others.map((row) => ({ resource: `members/${CITY_DIVISION[row.city as City]}`, raw: toProvincialMember(row), deliveryId: '' })),
    map: mapProvincialRecord,
  });
  return others.length;
}

/** What the hub holds for Ningbo, in the ground truth's terms. */
export async function ningboFigures(store: Store, sourceId: string) {
  const db = store.db;
  const unions = await db.selectFrom('unions').select(['type']).where('system', '=', NINGBO_SYSTEM).where('deleted', '=', 0).execute();
  const stations = await db.selectFrom('stations').select(['kind', 'lng', 'upgrade_status', 'upgrade_year'])
    .where('system', '=', NINGBO_SYSTEM).where('deleted', '=', 0).execute();
  const members = await db.selectFrom('members').select(['new_employment']).where('city', '=', 'NINGBO').where('status', '=', 'ACTIVE').execute();
  const letters = await db.selectFrom('dead_letters').select(['source_record_id', 'field', 'rule']).where('source_id', '=', sourceId).execute();
  const completed = new Map<number, number>();
  for (const s of stations) {
    if (s.upgrade_status === 'COMPLETED' && s.upgrade_year !== null) completed.set(s.upgrade_year, (completed.get(s.upgrade_year) ?? 0) + 1);
  }
  return {
    unionsByType: Object.fromEntries(UNION_TYPES.map((t) => [t, unions.filter((u) => u.type === t).length])),
    members: members.length,
    newEmploymentMembers: members.filter((m) => m.new_employment === 1).length,
    stations: {
      total: stations.length,
      byKind: Object.fromEntries(STATION_KINDS.map((k) => [k, stations.filter((s) => s.kind === k).length])),
      missingCoordinates: stations.filter((s) => s.lng === null).length,
      upgradesCompletedByYear: [...completed.entries()].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })),
    },
    deadLetters: letters.map((l) => l.source_record_id).sort(),
    deadLetterRules: [...new Set(letters.map((l) => `${l.field}:${l.rule}`))],
  };
}

/** The same figures from the ground truth: the dead letters are Ningbo's records with a wrong ID check character. */
export function expectedNingboFigures(truth: GroundTruth) {
  const n = truth.cities.NINGBO;
  return {
    unionsByType: n.unionsByType,
    members: n.members,
    newEmploymentMembers: n.newEmploymentMembers,
    stations: {
      total: n.stations.total, byKind: n.stations.byKind, missingCoordinates: n.stations.missingCoordinates,
      upgradesCompletedByYear: n.stations.upgradesCompletedByYear,
    },
    deadLetters: truth.invalidIdSourceIds.filter((id) => /^NB\d/.test(id)).sort(),
    deadLetterRules: ['zjhm:RESIDENT_ID_CHECKSUM'],
  };
}

/** Every Ningbo record's content as the hub holds it (versions aside), to compare two stores. */
export async function ningboContent(store: Store) {
  const db = store.db;
  const sources = await db.selectFrom('member_sources')
    .select(['source_id', 'person_key', 'name', 'status', 'union_id', 'occupations', 'joined_on', 'join_channel', 'city', 'employer_name'])
    .where('system', '=', NINGBO_SYSTEM).orderBy('source_id').execute();
  const members = await db.selectFrom('members').select(['id', 'name', 'city', 'status', 'union_id', 'joined_on', 'new_employment'])
    .orderBy('id').execute();
  const unions = await db.selectFrom('unions').select(['id', 'name', 'type', 'parent_id', 'credit_code', 'division_code', 'founded_on', 'last_election_on'])
    .where('system', '=', NINGBO_SYSTEM).orderBy('id').execute();
  const activities = await db.selectFrom('activities').select(['id', 'kind', 'date', 'participants', 'amount_yuan', 'union_id'])
    .where('system', '=', NINGBO_SYSTEM).orderBy('id').execute();
  const stations = await db.selectFrom('stations').select(['id', 'name', 'kind', 'lng', 'lat', 'facilities', 'hours', 'upgrade_status', 'upgrade_year'])
    .where('system', '=', NINGBO_SYSTEM).orderBy('id').execute();
  const issues = await db.selectFrom('data_issues').select(['code', 'source_id', 'field']).where('system', '=', NINGBO_SYSTEM)
    .orderBy('source_id').orderBy('code').execute();
  return { sources, members, unions, activities, stations, issues };
}
