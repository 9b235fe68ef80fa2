import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildWelfareSchema, seedWelfarePrograms } from '../../subgraphs/welfare';
import { testPii } from '../support/pii';
import { STORE_VARIANTS, type StoreVariant } from '../support/stores';
import { ok, refused } from '../support/welfare-http';
import { activityRow, insertEnrollments, memberRow, programRow, unionRow } from '../support/welfare-rows';

/**
 * Upstream check-up and summer-cooling activities, linked to programs by kind, year and the
 * narrowest organizer division holding the activity's union; and each city's use of a year.
 *
 * Programs of 2025: the seed (two province-wide check-ups, a province-wide summer cooling) plus a
 * Ningbo check-up (city 330200) and a Cixi summer cooling (county 330282).
 */
const ACTIVITY_FIELDS = 'id kind date participants city union { id } program { id } candidatePrograms { id }';

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('welfare activities and usage on %s', (_name, variant: StoreVariant) => {
  let store: Awaited<ReturnType<StoreVariant['open']>>;
  let welfare: SubgraphServer;

  beforeAll(async () => {
    store = await variant.open();
    await seedWelfarePrograms(store);
    await store.db.insertInto('welfare_programs').values([
      programRow('wp-2025-checkup-nb', { kind: 'HEALTH_CHECKUP', organizer_level: 'CITY', organizer_division: '330200', places: 100 }),
      programRow('wp-2025-cooling-cx', { kind: 'SUMMER_COOLING', organizer_level: 'COUNTY', organizer_division: '330282' }),
    ]).execute();
    await store.db.insertInto('unions').values([
      unionRow('U-HZ-1', '330106', 'HANGZHOU'),
      unionRow('U-NB-CX', '330282', 'NINGBO'),
      unionRow('U-NB-2', '330203', 'NINGBO'),
    ]).execute();
    await store.db.insertInto('activities').values([
      activityRow('A1', 'U-HZ-1', 'CHECKUP', '2025-05-01', 30),
      activityRow('A2', 'U-NB-2', 'CHECKUP', '2025-06-01', 40),
      activityRow('A3', 'U-NB-CX', 'CHECKUP', '2025-06-02', 10),
      activityRow('A4', 'U-NB-CX', 'SUMMER_COOLING', '2025-07-15', 100),
      activityRow('A5', 'U-HZ-1', 'SUMMER_COOLING', '2025-07-20', 200),
      activityRow('A6', 'U-NB-2', 'SUMMER_COOLING', '2025-08-01', 50),
      activityRow('A7', 'U-HZ-1', 'SUMMER_COOLING', '2024-07-01', 70),
      activityRow('A8', 'U-HZ-1', 'MEETING', '2025-03-01', 12),
      activityRow('A9', 'U-HZ-1', 'CHECKUP', '2025-04-01', 99, { deleted: 1 }),
      activityRow('A10', 'U-NOT-YET-SYNCED', 'CHECKUP', '2025-09-01', 5),
    ]).execute();
    await store.db.insertInto('members').values([memberRow('NB-1', { city: 'NINGBO' }), memberRow('NB-2', { city: 'NINGBO' }), memberRow('HZ-1')]).execute();
    await insertEnrollments(store, 'wp-2025-checkup-nb', ['NB-1', 'NB-2']);
    await insertEnrollments(store, 'wp-2025-checkup-national', ['HZ-1', 'NB-1']);
    welfare = await startSubgraph({ name: 'welfare', schema: buildWelfareSchema({ pii: testPii() }), store, port: 0 });
  });

  afterAll(async () => {
    await welfare?.close();
    await store?.dispose();
  });

  it('links each activity to the narrowest program of its kind and year, or names the tie', async () => {
    const { welfareActivities } = await ok(welfare.url, `{ welfareActivities(year: 2025) { totalCount edges { node { ${ACTIVITY_FIELDS} } } } }`);
    expect(welfareActivities.totalCount).toBe(7);
    const byId = Object.fromEntries(welfareActivities.edges.map((e: { node: { id: string } }) => [e.node.id, e.node]));
    expect(Object.keys(byId)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A10']); // by date; no meeting, nothing deleted
    // Hangzhou has no check-up of its own: the national and the provincial one tie.
    expect(byId.A1).toEqual({
      id: 'A1', kind: 'HEALTH_CHECKUP', date: '2025-05-01', participants: 30, city: 'HANGZHOU', union: { id: 'U-HZ-1' },
      program: null, candidatePrograms: [{ id: 'wp-2025-checkup-national' }, { id: 'wp-2025-checkup-province' }],
    });
    expect(byId.A2.program).toEqual({ id: 'wp-2025-checkup-nb' });
    expect(byId.A3.program).toEqual({ id: 'wp-2025-checkup-nb' }); // Cixi is in Ningbo; no Cixi check-up
    expect(byId.A4.program).toEqual({ id: 'wp-2025-cooling-cx' }); // the county's own before the province's
    expect(byId.A5.program).toEqual({ id: 'wp-2025-summer-cooling' });
    expect(byId.A6.program).toEqual({ id: 'wp-2025-summer-cooling' }); // 330203 is not in Cixi
    expect(byId.A10).toMatchObject({ city: null, program: null, candidatePrograms: [] }); // its union has not arrived

    const ningboCooling = (await ok(welfare.url, `{ welfareActivities(year: 2025, city: NINGBO, kind: SUMMER_COOLING) { edges { node { id } } } }`)).welfareActivities;
    expect(ningboCooling.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['A4', 'A6']);
    // 2024 had no programs: its activity is listed, linked to nothing.
    const earlier = (await ok(welfare.url, `{ welfareActivities(year: 2024) { edges { node { id program { id } candidatePrograms { id } } } } }`)).welfareActivities;
    expect(earlier.edges).toEqual([{ node: { id: 'A7', program: null, candidatePrograms: [] } }]);
  });

  it("lists a program's own activities, page by page", async () => {
    const query = `query($id: ID!, $after: String) { welfareProgram(id: $id) { activities(first: 1, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const activitiesOf = async (id: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const { welfareProgram } = await ok(welfare.url, query, { id, after });
        ids.push(...welfareProgram.activities.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!welfareProgram.activities.pageInfo.hasNextPage) break;
        after = welfareProgram.activities.pageInfo.endCursor;
      }
      return ids;
    };
    expect(await activitiesOf('wp-2025-checkup-nb')).toEqual(['A2', 'A3']);
    expect(await activitiesOf('wp-2025-cooling-cx')).toEqual(['A4']);
    expect(await activitiesOf('wp-2025-summer-cooling')).toEqual(['A5', 'A6']);
    // A tie links nothing to either program alone; a kind without activities has none.
    expect(await activitiesOf('wp-2025-checkup-national')).toEqual([]);
    expect(await activitiesOf('wp-2025-recuperation')).toEqual([]);
  });

  it("reports each city's use of a year: places by members' city, activities by unions' city", async () => {
    const usage = `query($city: City) { welfareUsage(year: 2025, city: $city) { city year placesUsed activities activityParticipants
      programs { program { id } placesUsed activities activityParticipants } } }`;
    const [ningbo] = (await ok(welfare.url, usage, { city: 'NINGBO' })).welfareUsage;
    expect(ningbo).toMatchObject({ city: 'NINGBO', year: 2025, placesUsed: 3, activities: 4, activityParticipants: 200 });
    const programs = Object.fromEntries(ningbo.programs.map((p: { program: { id: string } }) => [p.program.id, p]));
    expect(Object.keys(programs)).toHaveLength(8); // every 2025 program, used or not
    expect(programs['wp-2025-checkup-nb']).toMatchObject({ placesUsed: 2, activities: 2, activityParticipants: 50 });
    expect(programs['wp-2025-checkup-national']).toMatchObject({ placesUsed: 1, activities: 0 });
    expect(programs['wp-2025-cooling-cx']).toMatchObject({ placesUsed: 0, activities: 1, activityParticipants: 100 });
    expect(programs['wp-2025-summer-cooling']).toMatchObject({ activities: 1, activityParticipants: 50 });

    const all = (await ok(welfare.url, usage, {})).welfareUsage;
    expect(all).toHaveLength(11);
    expect(all.find((c: { city: string }) => c.city === 'HANGZHOU')).toMatchObject({ placesUsed: 1, activities: 2, activityParticipants: 230 });
    expect(all.find((c: { city: string }) => c.city === 'LISHUI')).toMatchObject({ placesUsed: 0, activities: 0 });
  });

  it('refuses a year beyond next year, naming it', async () => {
    const tooLate = new Date().getUTCFullYear() + 2;
    for (const query of [`{ welfareUsage(year: ${tooLate}) { city } }`, `{ welfareActivities(year: ${tooLate}) { totalCount } }`]) {
      expect((await refused(welfare.url, query)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year', rule: 'FUTURE' });
    }
  });
});
