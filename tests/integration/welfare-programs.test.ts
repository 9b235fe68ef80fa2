import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildOrganizationsSchema } from '../../subgraphs/organizations';
import { applyWelfareConfig, applyWelfareConfigFile, buildWelfareSchema, seedWelfarePrograms } from '../../subgraphs/welfare';
import { testPii } from '../support/pii';
import { STORE_VARIANTS, type StoreVariant } from '../support/stores';
import { ok, refused } from '../support/welfare-http';
import { insertEnrollments, insertMembers } from '../support/welfare-rows';

/**
 * Programs: the 2025 seed with the article's own inconsistent check-up, programs created and changed
 * through mutations and the config file, and every kind of bad input refused with the field named.
 */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

const PROGRAM_FIELDS = `id name kind year funder budgetYuan places standardYuanPerPerson placesUsed placesLeft
  organizerLevel organizerDivision { code name level city } eligibility { audience anyOf } closed
  dataIssues { code severity field sourceId message }`;

const CREATE = `mutation($input: CreateWelfareProgramInput!) { createWelfareProgram(input: $input) { ${PROGRAM_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateWelfareProgramInput!) { updateWelfareProgram(id: $id, input: $input) { ${PROGRAM_FIELDS} } }`;
const STORED_ISSUES = `{ dataIssues(code: "BUDGET_MISMATCH") { totalCount edges { node { code sourceId field message } } } }`;

function hangzhouCheckup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'wp-2025-checkup-hz', name: '杭州市新就业形态劳动者体检', kind: 'HEALTH_CHECKUP', year: 2025, funder: '杭州市总工会',
    budgetYuan: 1_000_000, places: 2_000, standardYuanPerPerson: 500, organizerLevel: 'CITY', organizerDivision: '330100',
    eligibility: { audience: '新就业形态劳动者', anyOf: ['NEW_EMPLOYMENT_FORM'] }, ...overrides,
  };
}

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('welfare programs on %s', (_name, variant: StoreVariant) => {
  let store: Awaited<ReturnType<StoreVariant['open']>>;
  let welfare: SubgraphServer;
  let organizations: SubgraphServer;

  beforeAll(async () => {
    store = await variant.open();
    expect(await seedWelfarePrograms(store)).toBe(6);
    [welfare, organizations] = await Promise.all([
      startSubgraph({ name: 'welfare', schema: buildWelfareSchema({ pii: testPii() }), store, port: 0 }),
      startSubgraph({ name: 'organizations', schema: buildOrganizationsSchema(), store, port: 0 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([welfare, organizations].filter(Boolean).map((s) => s.close()));
    await store?.dispose();
  });

  const programCount = async () => Number((await store.db.selectFrom('welfare_programs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it("flags the article's check-up: 2,000,000 yuan for 12,000 places at 500 yuan", async () => {
    const { welfareProgram } = await ok(welfare.url, `{ welfareProgram(id: "wp-2025-checkup-province") { ${PROGRAM_FIELDS} } }`);
    expect(welfareProgram).toMatchObject({
      funder: '浙江省总工会', budgetYuan: 2_000_000, places: 12_000, standardYuanPerPerson: 500, placesUsed: 0, placesLeft: 12_000,
      organizerLevel: 'PROVINCE', organizerDivision: { code: '330000', level: 'PROVINCE', city: null },
      eligibility: { audience: '新就业形态劳动者', anyOf: ['NEW_EMPLOYMENT_FORM'] },
      dataIssues: [{
        code: 'BUDGET_MISMATCH', severity: 'WARNING', field: 'budgetYuan', sourceId: 'wp-2025-checkup-province',
        message: 'budget 2,000,000 yuan does not match 12,000 places × 500 yuan per person = 6,000,000 yuan',
      }],
    });
    // The same issue in the hub-wide list the dashboards read (organizations serves it).
    const { dataIssues } = await ok(organizations.url, STORED_ISSUES);
    expect(dataIssues.edges.map((e: { node: unknown }) => e.node)).toEqual([{
      code: 'BUDGET_MISMATCH', sourceId: 'wp-2025-checkup-province', field: 'budgetYuan',
      message: 'budget 2,000,000 yuan does not match 12,000 places × 500 yuan per person = 6,000,000 yuan',
    }]);
  });

  it('seeds the 2025 programs with their organizers and eligibility rules, once', async () => {
    expect(await seedWelfarePrograms(store)).toBe(0);
    const { welfarePrograms } = await ok(welfare.url, `{ welfarePrograms(year: 2025) { id kind organizerLevel organizerDivision { code name } eligibility { anyOf } dataIssues { code } } }`);
    const byId = Object.fromEntries(welfarePrograms.map((p: { id: string }) => [p.id, p]));
    expect(byId['wp-2025-checkup-national'].dataIssues).toEqual([]);
    expect(byId['wp-2025-recuperation']).toMatchObject({ organizerLevel: 'CITY_COUNTY', eligibility: { anyOf: ['FRONTLINE_NON_PUBLIC', 'NEW_EMPLOYMENT_FORM'] } });
    expect(byId['wp-2025-summer-camp-1'].eligibility.anyOf).toEqual(['MARTYR_FAMILY', 'HARDSHIP', 'NEW_EMPLOYMENT_FORM']);
    expect(byId['wp-2025-meal-subsidy']).toMatchObject({ organizerLevel: 'COUNTY', organizerDivision: { code: '330282', name: '慈溪市' } });
    expect((await ok(organizations.url, STORED_ISSUES)).dataIssues.totalCount).toBe(1);
  });

  it('gives a camp seeded before the rules existed its rules, and leaves a changed program alone', async () => {
    // What the first seed wrote: the audience only, nobody recorded as the writer.
    const old = JSON.stringify({ audience: '烈士子女、困难职工子女、新就业形态劳动者子女', newEmploymentOnly: false });
    await store.db.updateTable('welfare_programs').set({ eligibility: old, updated_by: null }).where('id', '=', 'wp-2025-summer-camp-1').execute();
    await store.db.updateTable('welfare_programs').set({ eligibility: old, updated_by: 'api:someone' }).where('id', '=', 'wp-2025-recuperation').execute();
    expect(await seedWelfarePrograms(store)).toBe(0);
    const rules = `{ camp: welfareProgram(id: "wp-2025-summer-camp-1") { eligibility { anyOf } } recuperation: welfareProgram(id: "wp-2025-recuperation") { eligibility { anyOf } } }`;
    expect(await ok(welfare.url, rules)).toEqual({
      camp: { eligibility: { anyOf: ['MARTYR_FAMILY', 'HARDSHIP', 'NEW_EMPLOYMENT_FORM'] } },
      recuperation: { eligibility: { anyOf: ['ANY_MEMBER'] } }, // as the old row reads: changed by someone, so kept
    });
  });

  it('creates a program by mutation and keeps its budget issue in step with its figures', async () => {
    const created = (await ok(welfare.url, CREATE, { input: hangzhouCheckup() })).createWelfareProgram;
    expect(created).toMatchObject({ id: 'wp-2025-checkup-hz', organizerDivision: { code: '330100', name: '杭州市', city: 'HANGZHOU' }, placesLeft: 2_000, dataIssues: [], closed: false });
    const row = await store.db.selectFrom('welfare_programs').select(['updated_by']).where('id', '=', 'wp-2025-checkup-hz').executeTakeFirstOrThrow();
    expect(row.updated_by).toMatch(/^api:/);

    const wrong = (await ok(welfare.url, UPDATE, { id: 'wp-2025-checkup-hz', input: { budgetYuan: 900_000 } })).updateWelfareProgram;
    expect(wrong).toMatchObject({ budgetYuan: 900_000, places: 2_000, name: '杭州市新就业形态劳动者体检' });
    expect(wrong.dataIssues[0].message).toBe('budget 900,000 yuan does not match 2,000 places × 500 yuan per person = 1,000,000 yuan');
    expect((await ok(organizations.url, STORED_ISSUES)).dataIssues.totalCount).toBe(2);

    const fixed = (await ok(welfare.url, UPDATE, { id: 'wp-2025-checkup-hz', input: { places: 1_800 } })).updateWelfareProgram;
    expect(fixed).toMatchObject({ places: 1_800, dataIssues: [] });
    expect((await ok(organizations.url, STORED_ISSUES)).dataIssues.totalCount).toBe(1);

    // Unknown figures are allowed (the summer camp published none) and check nothing.
    const unknown = (await ok(welfare.url, UPDATE, { id: 'wp-2025-checkup-hz', input: { budgetYuan: null } })).updateWelfareProgram;
    expect(unknown).toMatchObject({ budgetYuan: null, dataIssues: [] });
  });

  it('refuses bad program input with the field and rule named, writing nothing', async () => {
    const before = await programCount();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ places: -5 }, 'input.places', 'MIN'],
      [{ budgetYuan: -1 }, 'input.budgetYuan', 'MIN'],
      [{ standardYuanPerPerson: -0.5 }, 'input.standardYuanPerPerson', 'MIN'],
      [{ year: NEXT_YEAR + 1 }, 'input.year', 'FUTURE'],
      [{ year: 1990 }, 'input.year', 'MIN'],
      [{ name: '  ' }, 'input.name', 'REQUIRED'],
      [{ id: 'Bad Id!' }, 'input.id', 'FORMAT'],
      [{ id: 'wp-2025-checkup-province' }, 'input.id', 'DUPLICATE'],
      [{ organizerDivision: '330282' }, 'input.organizerDivision', 'DIVISION_LEVEL'],
      [{ organizerDivision: '110000' }, 'input.organizerDivision', 'DIVISION'],
      [{ organizerLevel: 'COUNTY', organizerDivision: null }, 'input.organizerDivision', 'REQUIRED'],
      [{ eligibility: { audience: '所有人', anyOf: [] } }, 'input.eligibility.anyOf', 'REQUIRED'],
    ];
    for (const [override, field, rule] of cases) {
      const error = await refused(welfare.url, CREATE, { input: hangzhouCheckup({ id: 'wp-refused', ...override }) });
      expect({ field, rule, code: error.code, got: error.extensions.field, gotRule: error.extensions.rule }).toEqual({ field, rule, code: 'BAD_USER_INPUT', got: field, gotRule: rule });
      expect(error.message).toContain(field);
    }
    // Non-numeric places or budgets never reach the resolver: GraphQL refuses them, naming the field.
    for (const [field, value] of [['places', 'twelve thousand'], ['budgetYuan', '2,000,000'], ['places', 1.5]] as const) {
      const error = await refused(welfare.url, CREATE, { input: hangzhouCheckup({ id: 'wp-refused', [field]: value }) });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(`input.${field}`);
    }
    // Next year is allowed: programs are announced ahead.
    const ahead = (await ok(welfare.url, CREATE, { input: hangzhouCheckup({ id: 'wp-next-year', year: NEXT_YEAR }) })).createWelfareProgram;
    expect(ahead.year).toBe(NEXT_YEAR);
    expect(await programCount()).toBe(before + 1);

    expect((await refused(welfare.url, UPDATE, { id: 'wp-no-such-program', input: { places: 1 } })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await refused(welfare.url, UPDATE, { id: 'wp-next-year', input: { year: NEXT_YEAR + 1 } })).extensions).toMatchObject({ field: 'input.year', rule: 'FUTURE' });
  });

  it('will not cut places below those taken, nor change the kind of a program with enrollments', async () => {
    await ok(welfare.url, CREATE, { input: hangzhouCheckup({ id: 'wp-small', places: 5, budgetYuan: 2_500 }) });
    await insertEnrollments(store, 'wp-small', await insertMembers(store, 'SMALL', 3));
    const cut = await refused(welfare.url, UPDATE, { id: 'wp-small', input: { places: 2 } });
    expect(cut.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.places', rule: 'BELOW_PLACES_USED' });
    expect(cut.message).toContain('3 places are already taken');
    expect((await refused(welfare.url, UPDATE, { id: 'wp-small', input: { kind: 'RECUPERATION' } })).extensions).toMatchObject({ field: 'input.kind', rule: 'HAS_ENROLLMENTS' });
    const { updateWelfareProgram } = await ok(welfare.url, UPDATE, { id: 'wp-small', input: { places: 3, budgetYuan: 1_500, closed: true } });
    expect(updateWelfareProgram).toMatchObject({ places: 3, placesUsed: 3, placesLeft: 0, closed: true });
  });

  it('puts the programs of the config file, and refuses a bad entry naming its key before writing', async () => {
    const config = { sources: [], welfare: { programs: [hangzhouCheckup({ id: 'wp-config-a', places: 100, budgetYuan: 50_000 }), hangzhouCheckup({ id: 'wp-config-b', budgetYuan: 7 })] } };
    const put = await applyWelfareConfig(store, config);
    expect(put.map((p) => [p.id, p.updatedBy])).toEqual([['wp-config-a', 'config'], ['wp-config-b', 'config']]);
    const { welfareProgram } = await ok(welfare.url, '{ welfareProgram(id: "wp-config-b") { dataIssues { code } } }');
    expect(welfareProgram.dataIssues).toEqual([{ code: 'BUDGET_MISMATCH' }]);

    // A second start with a changed file changes the program to exactly the entry.
    const dir = mkdtempSync(join(tmpdir(), 'welfare-config-'));
    try {
      const file = join(dir, 'hub.json');
      writeFileSync(file, JSON.stringify({ welfare: { programs: [hangzhouCheckup({ id: 'wp-config-b', name: '改名', budgetYuan: undefined })] } }));
      const [changed] = await applyWelfareConfigFile(store, file);
      expect(changed).toMatchObject({ id: 'wp-config-b', name: '改名', budgetYuan: null });

      const before = await programCount();
      writeFileSync(file, JSON.stringify({ welfare: { programs: [hangzhouCheckup({ id: 'wp-config-c' }), hangzhouCheckup({ id: 'wp-config-d', places: 'abc' })] } }));
      const error = await applyWelfareConfigFile(store, file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).key).toBe('welfare.programs[1].places');
      expect((error as ConfigError).message).toBe('welfare.programs[1].places: must be a number (or null when unknown), got "abc"');
      expect(await programCount()).toBe(before);
      await expect(applyWelfareConfig(store, { welfare: { programs: [hangzhouCheckup({ id: 'wp-x-1', year: NEXT_YEAR + 5 })] } })).rejects.toThrow('welfare.programs[0].year: must be at most next year');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
