import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildWelfareSchema, seedWelfarePrograms } from '../../subgraphs/welfare';
import { gql } from '../support/graphql';
import { testPii } from '../support/pii';
import { STORE_VARIANTS, type StoreVariant } from '../support/stores';
import { ok, refused } from '../support/welfare-http';
import { enrollmentsByStatus, memberRow, programRow } from '../support/welfare-rows';

/**
 * Enrollment as a member (or the union officer for them) meets it: each refusal with its code,
 * eligibility from membership's view and from welfare's own attributes, places given back, and a
 * child's data at a camp kept to the given name and birth year, masked wherever it is shown.
 */
const ENROLL = 'mutation($p: ID!, $m: ID!) { enroll(programId: $p, memberId: $m) { id status member { id } program { id placesUsed placesLeft } } }';
const ENROLL_CHILD = `mutation($p: ID!, $m: ID!, $name: String!, $year: Int!) {
  enrollChild(programId: $p, memberId: $m, childGivenName: $name, childBirthYear: $year) { id status member { id } child { givenNameMasked birthYear } program { placesUsed } } }`;
const SET_ATTRIBUTES = `mutation($m: ID!, $input: MemberWelfareAttributesInput!) {
  setMemberWelfareAttributes(memberId: $m, input: $input) { hardship martyrFamily frontlineNonPublic basis setBy setAt } }`;
const CAMP = 'wp-2025-summer-camp-1';
const CHECKUP = 'wp-2025-checkup-province';
const RECUPERATION = 'wp-2025-recuperation';

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('welfare enrollment on %s', (_name, variant: StoreVariant) => {
  let store: Awaited<ReturnType<StoreVariant['open']>>;
  let welfare: SubgraphServer;
  let withoutKey: SubgraphServer;
  const logged: string[] = [];
  const logger = { error: (fields: Record<string, unknown>, message: string) => { logged.push(`${message} ${JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? `${v.message} ${v.stack}` : v))}`); } };

  beforeAll(async () => {
    store = await variant.open();
    await seedWelfarePrograms(store);
    await store.db.insertInto('members').values([
      memberRow('W-RIDER', { name: '王芳', new_employment: 1 }),
      memberRow('W-FACTORY', { name: '张伟', new_employment: 0 }),
      memberRow('W-LEFT', { status: 'LEFT' }),
      memberRow('W-MOVED', { status: 'TRANSFERRED_OUT' }),
      memberRow('W-NINGBO', { city: 'NINGBO', union_id: 'U-NB-1' }),
      memberRow('W-ONE', {}),
      memberRow('W-TWO', {}),
    ]).execute();
    await store.db.insertInto('welfare_programs').values([
      programRow('wp-one-place', { places: 1 }),
      programRow('wp-closing', { places: 10 }),
    ]).execute();
    [welfare, withoutKey] = await Promise.all([
      startSubgraph({ name: 'welfare', schema: buildWelfareSchema({ pii: testPii() }), store, port: 0, logger }),
      startSubgraph({ name: 'welfare', schema: buildWelfareSchema(), store, port: 0, logger }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([welfare, withoutKey].filter(Boolean).map((s) => s.close()));
    await store?.dispose();
  });

  const enrollmentRows = async () => Number((await store.db.selectFrom('enrollments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const refusal = async (p: string, m: string) => (await refused(welfare.url, ENROLL, { p, m })).extensions;

  it('refuses with a code for each rule, and writes nothing when it does', async () => {
    const before = await enrollmentRows();
    expect(await refusal('wp-no-such-program', 'W-RIDER')).toMatchObject({ code: 'NOT_FOUND', field: 'programId' });
    expect(await refusal(CHECKUP, 'W-NOBODY')).toMatchObject({ code: 'NOT_FOUND', field: 'memberId' });
    expect(await refusal(CHECKUP, 'W-LEFT')).toMatchObject({ code: 'MEMBER_INACTIVE', field: 'memberId', status: 'LEFT' });
    expect(await refusal(CHECKUP, 'W-MOVED')).toMatchObject({ code: 'MEMBER_INACTIVE', status: 'TRANSFERRED_OUT' });
    // The check-up is for new-employment-form workers; a factory worker is not one.
    expect(await refusal(CHECKUP, 'W-FACTORY')).toEqual({ code: 'NOT_ELIGIBLE', field: 'memberId', rule: 'NEW_EMPLOYMENT_FORM', failedRules: ['NEW_EMPLOYMENT_FORM'], audience: '新就业形态劳动者' });
    expect((await refused(welfare.url, ENROLL, { p: CAMP, m: 'W-RIDER' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'programId', rule: 'CHILD_REQUIRED' });
    expect(await enrollmentRows()).toBe(before);

    const first = (await ok(welfare.url, ENROLL, { p: 'wp-one-place', m: 'W-ONE' })).enroll;
    expect(first).toMatchObject({ status: 'ENROLLED', member: { id: 'W-ONE' }, program: { placesUsed: 1, placesLeft: 0 } });
    expect(await refusal('wp-one-place', 'W-ONE')).toMatchObject({ code: 'ALREADY_ENROLLED', field: 'memberId' });
    expect(await refusal('wp-one-place', 'W-TWO')).toMatchObject({ code: 'NO_PLACES_LEFT', places: 1 });

    await ok(welfare.url, 'mutation { updateWelfareProgram(id: "wp-closing", input: { closed: true }) { closed } }');
    expect(await refusal('wp-closing', 'W-TWO')).toMatchObject({ code: 'PROGRAM_CLOSED', field: 'programId' });
    expect(await enrollmentRows()).toBe(before + 1);
    expect(await enrollmentsByStatus(store, 'wp-one-place')).toEqual({ ENROLLED: 1 });
  });

  it('gives a place back on cancel, once, so another member can take it', async () => {
    const { enroll } = await ok(welfare.url, ENROLL, { p: CHECKUP, m: 'W-RIDER' });
    expect(enroll.program).toEqual({ id: CHECKUP, placesUsed: 1, placesLeft: 11_999 });
    const cancel = `mutation($id: ID!) { cancelEnrollment(id: $id) { id status cancelledAt program { placesUsed placesLeft } } }`;
    const cancelled = (await ok(welfare.url, cancel, { id: enroll.id })).cancelEnrollment;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', program: { placesUsed: 0, placesLeft: 12_000 } });
    // A retried cancel changes nothing.
    expect((await ok(welfare.url, cancel, { id: enroll.id })).cancelEnrollment).toEqual(cancelled);
    expect((await refused(welfare.url, cancel, { id: 'en-nothing' })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    // The member may enroll again: the cancelled row holds no place.
    expect((await ok(welfare.url, ENROLL, { p: CHECKUP, m: 'W-RIDER' })).enroll.program.placesUsed).toBe(1);
    expect(await enrollmentsByStatus(store, CHECKUP)).toEqual({ CANCELLED: 1, ENROLLED: 1 });
  });

  it("makes members eligible by welfare's own attributes, recording who set them", async () => {
    const recuperation = await refusal(RECUPERATION, 'W-FACTORY');
    expect(recuperation).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'FRONTLINE_NON_PUBLIC | NEW_EMPLOYMENT_FORM', failedRules: ['FRONTLINE_NON_PUBLIC', 'NEW_EMPLOYMENT_FORM'] });

    const input = { frontlineNonPublic: true, basis: '西湖区总工会推荐名单 2025-17', recordedBy: '西湖区总工会 李主席' };
    const set = (await ok(welfare.url, SET_ATTRIBUTES, { m: 'W-FACTORY', input })).setMemberWelfareAttributes;
    expect(set).toMatchObject({ hardship: false, martyrFamily: false, frontlineNonPublic: true, basis: input.basis, setBy: input.recordedBy });
    expect((await ok(welfare.url, ENROLL, { p: RECUPERATION, m: 'W-FACTORY' })).enroll.status).toBe('ENROLLED');
    // Still not a new-employment worker: the check-up stays closed to them.
    expect(await refusal(CHECKUP, 'W-FACTORY')).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'NEW_EMPLOYMENT_FORM' });

    // A later change keeps the flags it does not name, and both changes are in the log.
    const hardship = (await ok(welfare.url, SET_ATTRIBUTES, { m: 'W-FACTORY', input: { hardship: true, recordedBy: '区总工会帮扶中心' } })).setMemberWelfareAttributes;
    expect(hardship).toMatchObject({ hardship: true, frontlineNonPublic: true, basis: input.basis, setBy: '区总工会帮扶中心' });
    const log = await store.db.selectFrom('member_welfare_attribute_log').select(['hardship', 'frontline_non_public', 'set_by', 'request_id']).where('member_id', '=', 'W-FACTORY').orderBy('id').execute();
    expect(log.map((l) => [Number(l.hardship), Number(l.frontline_non_public), l.set_by])).toEqual([[0, 1, input.recordedBy], [1, 1, '区总工会帮扶中心']]);
    expect(log.every((l) => l.request_id.length > 0)).toBe(true);

    expect((await refused(welfare.url, SET_ATTRIBUTES, { m: 'W-NOBODY', input })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'memberId' });
    expect((await refused(welfare.url, SET_ATTRIBUTES, { m: 'W-FACTORY', input: { hardship: false, recordedBy: ' ' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recordedBy' });
  });

  it("keeps a camp child's given name and birth year only, masked in every answer and never in errors or logs", async () => {
    const child = (await ok(welfare.url, ENROLL_CHILD, { p: CAMP, m: 'W-RIDER', name: '小明', year: 2015 })).enrollChild;
    expect(child).toMatchObject({ status: 'ENROLLED', member: { id: 'W-RIDER' }, child: { givenNameMasked: '小*', birthYear: 2015 }, program: { placesUsed: 1 } });
    // A sister takes a second place; a one-character name shows nothing of itself.
    expect((await ok(welfare.url, ENROLL_CHILD, { p: CAMP, m: 'W-RIDER', name: '红', year: 2017 })).enrollChild.child).toEqual({ givenNameMasked: '*', birthYear: 2017 });

    const again = await refused(welfare.url, ENROLL_CHILD, { p: CAMP, m: 'W-RIDER', name: '小明', year: 2015 });
    expect(again.extensions).toMatchObject({ code: 'ALREADY_ENROLLED', field: 'childGivenName' });
    expect(again.message).toContain('小*');
    const adult = await refused(welfare.url, ENROLL_CHILD, { p: CAMP, m: 'W-RIDER', name: '小明', year: 2000 });
    expect(adult.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'childBirthYear', rule: 'MINOR' });
    const badName = await refused(welfare.url, ENROLL_CHILD, { p: CAMP, m: 'W-RIDER', name: '小明2号', year: 2015 });
    expect(badName.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'childGivenName', rule: 'FORMAT' });
    // The factory worker is eligible for the camp through hardship (set in the test above).
    expect((await ok(welfare.url, ENROLL_CHILD, { p: CAMP, m: 'W-FACTORY', name: '小丽', year: 2014 })).enrollChild.child.givenNameMasked).toBe('小*');
    expect((await refused(welfare.url, ENROLL_CHILD, { p: CHECKUP, m: 'W-RIDER', name: '小刚', year: 2016 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'programId', rule: 'NOT_A_CAMP' });

    // Without the PII key there is nowhere safe to keep the name: refused, nothing written.
    const before = await enrollmentRows();
    expect((await refused(withoutKey.url, ENROLL_CHILD, { p: CAMP, m: 'W-NINGBO', name: '小刚', year: 2016 })).code).toBe('CONFIG_INVALID');
    expect(await enrollmentRows()).toBe(before);

    // At rest: encrypted (it decrypts with the key), masked beside it, no surname, no birth date.
    const rows = await store.db.selectFrom('enrollments').selectAll().where('program_id', '=', CAMP).orderBy('child_birth_year').execute();
    expect(rows.map((r) => [r.member_id, r.child_given_name_masked, Number(r.child_birth_year)])).toEqual([['W-FACTORY', '小*', 2014], ['W-RIDER', '小*', 2015], ['W-RIDER', '*', 2017]]);
    expect(rows.map((r) => testPii().decrypt(r.child_given_name_enc!))).toEqual(['小丽', '小明', '红']);
    expect(JSON.stringify(rows.map(({ child_given_name_enc: _enc, ...rest }) => rest))).not.toMatch(/小明|小丽|"红"/);
  });

  it("shows a member's benefits through _entities, children masked, and the places used per scope", async () => {
    const res = await gql(welfare.url, `{ _entities(representations: [
      { __typename: "Member", id: "W-RIDER" }, { __typename: "Member", id: "W-NOBODY" }, { __typename: "Member", id: "W-FACTORY" },
      { __typename: "Overview", scope: "330000" }, { __typename: "Overview", scope: "330100" }, { __typename: "Overview", scope: "330200" }]) {
      ... on Member { id benefits { status program { id kind } child { givenNameMasked birthYear } } welfareAttributes { hardship frontlineNonPublic setBy } }
      ... on Overview { scope welfarePlacesUsed } } }`);
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res)).not.toMatch(/小明|小丽/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const [rider, nobody, factory, province, hangzhou, ningbo] = (res.data as any)._entities;
    expect(rider).toEqual({
      id: 'W-RIDER',
      benefits: [
        { status: 'CANCELLED', program: { id: CHECKUP, kind: 'HEALTH_CHECKUP' }, child: null },
        { status: 'ENROLLED', program: { id: CHECKUP, kind: 'HEALTH_CHECKUP' }, child: null },
        { status: 'ENROLLED', program: { id: CAMP, kind: 'SUMMER_CAMP' }, child: { givenNameMasked: '小*', birthYear: 2015 } },
        { status: 'ENROLLED', program: { id: CAMP, kind: 'SUMMER_CAMP' }, child: { givenNameMasked: '*', birthYear: 2017 } },
      ],
      welfareAttributes: null,
    });
    expect(nobody).toEqual({ id: 'W-NOBODY', benefits: [], welfareAttributes: null });
    expect(factory.benefits.map((b: { program: { id: string } }) => b.program.id)).toEqual([RECUPERATION, CAMP]);
    expect(factory.welfareAttributes).toEqual({ hardship: true, frontlineNonPublic: true, setBy: '区总工会帮扶中心' });
    // Held places: W-ONE 1, W-RIDER 1 + 2 children, W-FACTORY 1 + 1 child; all in Hangzhou.
    expect([province, hangzhou, ningbo]).toEqual([{ scope: '330000', welfarePlacesUsed: 6 }, { scope: '330100', welfarePlacesUsed: 6 }, { scope: '330200', welfarePlacesUsed: 0 }]);
  });

  it('never logged a child\'s name', () => {
    expect(logged.join('\n')).not.toMatch(/小明|小丽|小刚/);
  });
});
