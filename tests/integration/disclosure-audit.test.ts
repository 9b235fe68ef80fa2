import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { encodeIdentity, type Identity } from '../../core/auth/identity';
import { loadSubgraphKey } from '../../core/auth/keys';
import { signSubgraphRequest } from '../../core/auth/subgraph-signature';
import { openStore, type Store } from '../../core/store/database';
import { migrate } from '../../core/store/migrate';
import type { MembersTable } from '../../core/store/tables';
import { audit, parseAuditOptions } from '../../cli/commands/audit';
import { bearer, tokenFor } from '../support/auth';
import { testPii } from '../support/pii';
import { post, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { postgresVariant, STORE_VARIANTS, type StoreVariant } from '../support/stores';

/**
 * Disclosure and its audit, and the role table in the membership and welfare subgraphs, through
 * a real secured hub (gateway + four subgraphs, signed subgraph requests) on a real store.
 *
 * Beside subgraph-rows.ts's province: NB-1 lives in Ningbo; SX-1 is a member of the Ningbo union
 * NB-G1 whom the member view places in Shaoxing, so a Ningbo city admin meets SX-1 through a union
 * of its own city. Both hold a welfare place.
 */
const pii = testPii();
const ID_NB = '330282199003071234';
const MOBILE_NB = '13900001111';
const ID_SX = '330602198805052345';
const MOBILE_SX = '13700002222';
const PROGRAM = 'wp-2025-summer-cooling'; // ANY_MEMBER, no place limit
const ROOT = join(__dirname, '..', '..');

function member(id: string, p: Partial<MembersTable>): MembersTable {
  return {
    id, person_key: `pk-${id}`, id_type: 'RESIDENT_ID', id_number_enc: 'v1:x', id_number_masked: '', name: id, name_pinyin: '', name_initials: '',
    gender: 'FEMALE', birth_date: '1990-03-07', mobile_enc: null, mobile_masked: null, city: 'NINGBO', union_id: 'NB-G1', employer_name: null,
    employer_credit_code: null, new_employment: 1, joined_on: '2024-05-01', join_year: 2024, join_channel: 'ONLINE', status: 'ACTIVE',
    updated_at: '2025-06-01T00:00:00.000Z', ...p,
  };
}

async function addPeople(store: Store): Promise<void> {
  await store.db.insertInto('members').values([
    member('NB-1', { name: '刘敏', id_number_enc: pii.encrypt(ID_NB), id_number_masked: '330282********1234', mobile_enc: pii.encrypt(MOBILE_NB), mobile_masked: '139****1111' }),
    member('SX-1', { name: '周杰', city: 'SHAOXING', id_number_enc: pii.encrypt(ID_SX), id_number_masked: '330602********2345', mobile_enc: pii.encrypt(MOBILE_SX), mobile_masked: '137****2222' }),
  ]).execute();
  await store.db.insertInto('enrollments').values([
    { id: 'en-nb-1', program_id: PROGRAM, member_id: 'NB-1', status: 'ENROLLED', enrolled_at: '2025-07-01T00:00:00.000Z', cancelled_at: null, child_given_name_enc: null, child_given_name_masked: null, child_birth_year: null },
    { id: 'en-sx-1', program_id: PROGRAM, member_id: 'SX-1', status: 'ENROLLED', enrolled_at: '2025-07-01T00:00:00.000Z', cancelled_at: null, child_given_name_enc: null, child_given_name_masked: null, child_birth_year: null },
  ]).execute();
}

/** SQLite in a data directory of our own, so `hub audit --data-dir` can open the same file. */
async function openHubStore(variant: StoreVariant): Promise<{ store: Store & { dispose(): Promise<void> }; dataDir: string | null }> {
  if (variant.name === 'postgres') return { store: await postgresVariant.open(), dataDir: null };
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-audit-'));
  const store = openStore({ sqliteFile: join(dataDir, 'hub.sqlite') });
  await migrate(store);
  return { dataDir, store: Object.assign(store, { async dispose() { await store.close(); rmSync(dataDir, { recursive: true, force: true }); } }) };
}

const codes = (reply: Reply) => (reply.body.errors ?? []).map((e) => e.extensions?.code);

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('disclosure, audit and the role table in membership and welfare (%s)', (_name, variant) => {
  let hub: SecuredHub;
  let dataDir: string | null;
  const tokens: Record<string, string> = {};
  const as = (who: string, query: string, extra: Record<string, string> = {}, variables?: Record<string, unknown>) =>
    post(hub.gateway, { query, variables }, { ...bearer(tokens[who]), ...extra });
  const auditRows = () => hub.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    const opened = await openHubStore(variant);
    dataDir = opened.dataDir;
    hub = await startSecuredHub(opened.store);
    await addPeople(hub.store);
    tokens.province = await tokenFor('PROVINCE_ADMIN', { sub: 'prov-officer' });
    tokens.ningbo = await tokenFor('CITY_ADMIN', { city: 'NINGBO', sub: 'nb-officer' });
    tokens.analyst = await tokenFor('ANALYST', { sub: 'analyst-1' });
    tokens.monitor = await tokenFor('MONITOR', { sub: 'monitor-1' });
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
  });

  describe('disclosure', () => {
    it('shows a PROVINCE_ADMIN the full ID number with a purpose, after writing exactly one audit row', async () => {
      const before = Date.now();
      const reply = await as('province', '{ member(id: "NB-1") { idNumberMasked idNumber(purpose: "  核查会籍 case 17 ") } }', { 'x-request-id': 'disclose-nb1-id' });
      expect(reply.body).toEqual({ data: { member: { idNumberMasked: '330282********1234', idNumber: ID_NB } } });
      const rows = await auditRows();
      expect(rows).toHaveLength(1);
      expect({ ...rows[0], id: undefined }).toEqual({
        id: undefined, at: expect.any(String), subject: 'prov-officer', role: 'PROVINCE_ADMIN', city: null, member_id: 'NB-1',
        field: 'ID_NUMBER', purpose: '核查会籍 case 17', request_id: 'disclose-nb1-id',
      });
      expect(Date.parse(rows[0].at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(rows[0].at)).toBeLessThanOrEqual(Date.now());
    });

    it('audits the mobile as MOBILE, under the request id the gateway gave the request', async () => {
      const reply = await as('province', '{ member(id: "NB-1") { mobile(purpose: "回访") } }');
      expect(reply.body).toEqual({ data: { member: { mobile: MOBILE_NB } } });
      const rows = await auditRows();
      expect(rows).toHaveLength(2);
      expect(rows[1]).toMatchObject({ field: 'MOBILE', member_id: 'NB-1', purpose: '回访', request_id: reply.headers.get('x-request-id') });
    });

    it.each([
      ['empty', '   ', 'REQUIRED'],
      ['too long', 'x'.repeat(201), 'MAX_LENGTH'],
      ['with control characters', 'line\nforged line', 'CONTROL_CHARACTERS'],
    ])('refuses a purpose that is %s: BAD_USER_INPUT naming purpose, no value, no row', async (_what, purpose, rule) => {
      const reply = await as('province', 'query($p: String!) { member(id: "NB-1") { name idNumber(purpose: $p) } }', {}, { p: purpose });
      expect(reply.body.data).toEqual({ member: { name: '刘敏', idNumber: null } });
      expect(reply.body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'purpose', rule })]);
      expect(await auditRows()).toHaveLength(2);
    });

    it('refuses an ANALYST (FORBIDDEN) and writes no row; the masked number still comes', async () => {
      const reply = await as('analyst', '{ member(id: "NB-1") { idNumberMasked idNumber(purpose: "curious") mobile(purpose: "curious") } }');
      expect(reply.body.data).toEqual({ member: { idNumberMasked: '330282********1234', idNumber: null, mobile: null } });
      expect(codes(reply)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(reply.text).not.toContain(ID_NB);
      expect(reply.text).not.toContain(MOBILE_NB);
      expect(await auditRows()).toHaveLength(2);
    });

    it('lets a Ningbo CITY_ADMIN disclose a Ningbo member (its city in the row) and refuses it a Shaoxing one', async () => {
      const mine = await as('ningbo', '{ member(id: "NB-1") { idNumber(purpose: "会员转会核对") } }');
      expect(mine.body).toEqual({ data: { member: { idNumber: ID_NB } } });
      expect((await auditRows()).at(-1)).toMatchObject({ subject: 'nb-officer', role: 'CITY_ADMIN', city: 'NINGBO', member_id: 'NB-1', field: 'ID_NUMBER' });
      const theirs = await as('ningbo', '{ member(id: "SX-1") { name idNumber(purpose: "会员转会核对") } }');
      expect(theirs.body.data).toEqual({ member: null });
      expect(codes(theirs)).toEqual(['FORBIDDEN']);
      expect(theirs.text).not.toContain(ID_SX);
      expect(theirs.text).not.toContain('周杰');
      expect(await auditRows()).toHaveLength(3);
    });
  });

  describe('a city admin meets another city\'s member on the way', () => {
    it('through a union of its city: FORBIDDEN on that member\'s node, the Ningbo members and their welfare still come', async () => {
      const reply = await as('ningbo', '{ union(id: "NB-G1") { name members { totalCount edges { cursor node { id name benefits { id status } } } } } }');
      const union = reply.body.data?.union as { name: string; members: { totalCount: number; edges: Array<{ cursor: string; node: unknown }> } };
      expect(union.name).toBe('慈溪市货车司机工会');
      expect(union.members.edges.map((e) => e.node)).toEqual([
        { id: 'M5', name: '刘洋', benefits: [] },
        { id: 'NB-1', name: '刘敏', benefits: [{ id: 'en-nb-1', status: 'ENROLLED' }] },
        null,
      ]);
      expect(union.members.edges[2].cursor).toEqual(expect.any(String));
      expect(reply.body.errors).toEqual([expect.objectContaining({ path: ['union', 'members', 'edges', 2, 'node'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      expect(reply.text).not.toContain('周杰');
      expect(reply.text).not.toContain('en-sx-1');
    });

    it('through an entity reference (as the gateway resolves Enrollment.member and Member.benefits): FORBIDDEN at that entity only', async () => {
      const identity: Identity = { subject: 'nb-officer', role: 'CITY_ADMIN', city: 'NINGBO' };
      const entities = async (subgraph: string, selection: string) => {
        const body = JSON.stringify({ query: `{ _entities(representations: [{ __typename: "Member", id: "NB-1" }, { __typename: "Member", id: "SX-1" }]) { ... on Member { ${selection} } } }` });
        const headers = signSubgraphRequest(loadSubgraphKey(hub.config), { method: 'POST', target: '/graphql', body, requestId: `ref-${subgraph}`, identity: encodeIdentity(identity) });
        return post(hub.subgraph(subgraph), body, headers);
      };
      const members = await entities('membership', 'id name');
      expect(members.body.data).toEqual({ _entities: [{ id: 'NB-1', name: '刘敏' }, null] });
      expect(members.body.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      const welfare = await entities('welfare', 'benefits { id }');
      expect(welfare.body.data).toEqual({ _entities: [{ benefits: [{ id: 'en-nb-1' }] }, null] });
      expect(welfare.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    });

    it('through a welfare enrollment: another city\'s place can be neither cancelled nor taken; its own city\'s can', async () => {
      const cancel = await as('ningbo', 'mutation { cancelEnrollment(id: "en-sx-1") { id status } }');
      expect(codes(cancel)).toEqual(['FORBIDDEN']);
      const enroll = await as('ningbo', `mutation { enroll(programId: "${PROGRAM}", memberId: "SX-1") { id } }`);
      expect(codes(enroll)).toEqual(['FORBIDDEN']);
      const sx = await hub.store.db.selectFrom('enrollments').select(['id', 'status']).where('member_id', '=', 'SX-1').execute();
      expect(sx).toEqual([{ id: 'en-sx-1', status: 'ENROLLED' }]);
      const own = await as('ningbo', 'mutation { cancelEnrollment(id: "en-nb-1") { status member { id name } } }');
      expect(own.body).toEqual({ data: { cancelEnrollment: { status: 'CANCELLED', member: { id: 'NB-1', name: '刘敏' } } } });
    });
  });

  describe('lists and counts of a city admin', () => {
    it('lists only its city\'s members, and refuses another city', async () => {
      const reply = await as('ningbo', '{ members(first: 500) { totalCount edges { node { id city } } } }');
      expect(reply.body).toEqual({ data: { members: { totalCount: 2, edges: [{ node: { id: 'M5', city: 'NINGBO' } }, { node: { id: 'NB-1', city: 'NINGBO' } }] } } });
      const other = await as('ningbo', '{ members(filter: { cities: [NINGBO, SHAOXING] }) { totalCount } }');
      expect(other.body.data).toBeNull();
      expect(codes(other)).toEqual(['FORBIDDEN']);
    });

    it('counts only its city in memberStats', async () => {
      const reply = await as('ningbo', '{ memberStats(groupBy: [CITY]) { key count } }');
      expect(reply.body).toEqual({ data: { memberStats: [{ key: ['NINGBO'], count: 2 }] } });
      expect(codes(await as('ningbo', '{ memberStats(filter: { cities: [SHAOXING] }, groupBy: [CITY]) { count } }'))).toEqual(['FORBIDDEN']);
      // A province-wide analyst counts every city.
      const all = await as('analyst', '{ memberStats(groupBy: [CITY]) { key count } }');
      expect(all.body.data?.memberStats).toEqual(expect.arrayContaining([{ key: ['SHAOXING'], count: 1 }, { key: ['HANGZHOU'], count: 4 }]));
    });
  });

  describe('welfare writes', () => {
    it('refuses enroll to an ANALYST and writes nothing', async () => {
      const before = await hub.store.db.selectFrom('enrollments').selectAll().orderBy('id').execute();
      const reply = await as('analyst', `mutation { enroll(programId: "${PROGRAM}", memberId: "M1") { id } }`);
      expect(reply.body.data).toBeNull();
      expect(codes(reply)).toEqual(['FORBIDDEN']);
      expect(reply.body.errors?.[0]?.extensions?.permission).toBe('welfare:write');
      expect(await hub.store.db.selectFrom('enrollments').selectAll().orderBy('id').execute()).toEqual(before);
    });

    it('lets a PROVINCE_ADMIN enroll a member of any city', async () => {
      const reply = await as('province', `mutation { enroll(programId: "${PROGRAM}", memberId: "M1") { status member { id } } }`);
      expect(reply.body).toEqual({ data: { enroll: { status: 'ENROLLED', member: { id: 'M1' } } } });
    });
  });

  describe('the audit log', () => {
    const LOG = 'query($first: Int, $after: String, $filter: AuditLogFilter) { auditLog(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id at subject role city memberId field purpose requestId } } } }';
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Record<string, unknown> }> };

    it('lists every disclosure to a PROVINCE_ADMIN, newest first, a page at a time', async () => {
      const rows = await auditRows();
      expect(rows).toHaveLength(3);
      const expected = [...rows].reverse().map((r) => ({
        id: String(r.id), at: r.at, subject: r.subject, role: r.role, city: r.city, memberId: r.member_id, field: r.field, purpose: r.purpose, requestId: r.request_id,
      }));
      const first = (await as('province', LOG, {}, { first: 2 })).body.data?.auditLog as Page;
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await as('province', LOG, {}, { first: 2, after: first.pageInfo.endCursor })).body.data?.auditLog as Page;
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect([...first.edges, ...second.edges].map((e) => e.node)).toEqual(expected);
    });

    it('filters by member, subject and time', async () => {
      const bySubject = (await as('province', LOG, {}, { filter: { subject: 'nb-officer' } })).body.data?.auditLog as Page;
      expect(bySubject.edges.map((e) => e.node.role)).toEqual(['CITY_ADMIN']);
      const byMember = (await as('province', LOG, {}, { filter: { memberId: 'SX-1' } })).body.data?.auditLog as Page;
      expect(byMember.totalCount).toBe(0);
      const future = (await as('province', LOG, {}, { filter: { since: '2999-01-01T00:00:00+08:00' } })).body.data?.auditLog as Page;
      expect(future.edges).toEqual([]);
      const untilNow = (await as('province', LOG, {}, { filter: { memberId: 'NB-1', until: new Date().toISOString() } })).body.data?.auditLog as Page;
      expect(untilNow.totalCount).toBe(3);
      expect(codes(await as('province', LOG, {}, { first: 501 }))).toEqual(['BAD_USER_INPUT']);
    });

    it.each(['ningbo', 'analyst', 'monitor'])('refuses the audit log to %s', async (who) => {
      const reply = await as(who, LOG);
      expect(reply.body.data).toBeNull();
      expect(codes(reply)).toEqual(['FORBIDDEN']);
    });

    it('cannot be changed or deleted in the store', async () => {
      const before = await auditRows();
      // The message, not toThrow: better-sqlite3's error is not an Error of this test's realm once the native module is shared.
      const refusal = (change: Promise<unknown>) => change.then(() => 'changed', (e: unknown) => String((e as { message?: unknown }).message));
      expect(await refusal(hub.store.db.updateTable('audit_log').set({ purpose: 'rewritten' }).execute())).toMatch(/append-only/);
      expect(await refusal(hub.store.db.deleteFrom('audit_log').where('member_id', '=', 'NB-1').execute())).toMatch(/append-only/);
      expect(await auditRows()).toEqual(before);
    });

    it('is printed by hub audit, as a table and as JSON', async () => {
      const printed = (raw: Parameters<typeof parseAuditOptions>[0]) => {
        let text = '';
        const out = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
        return audit(hub.store, parseAuditOptions(raw), out).then(() => text);
      };
      const json = JSON.parse(await printed({ member: 'NB-1', json: true })) as Array<Record<string, unknown>>;
      expect(json.map((e) => [e.subject, e.field, e.purpose])).toEqual([
        ['nb-officer', 'ID_NUMBER', '会员转会核对'], ['prov-officer', 'MOBILE', '回访'], ['prov-officer', 'ID_NUMBER', '核查会籍 case 17'],
      ]);
      const table = await printed({ subject: 'prov-officer', limit: '1' });
      expect(table.trim().split('\n')).toHaveLength(2);
      expect(table).toContain('prov-officer  PROVINCE_ADMIN  NB-1  MOBILE');
      expect(await printed({ since: '2999-01-01' })).toBe('no disclosure recorded.\n');
      expect(() => parseAuditOptions({ limit: '0' })).toThrow('--limit must be a whole number');
    });

    // The CLI opens the SQLite file of a data directory; on PostgreSQL the command function above covers it.
    (variant.name === 'sqlite' ? it : it.skip)('is printed by the hub audit command of the CLI', async () => {
      const run = await promisify(execFile)(process.execPath, [join(ROOT, 'tests/support/ts-child.js'), join(ROOT, 'cli/hub.ts'), '--data-dir', dataDir!, 'audit', '--member', 'NB-1', '--limit', '2'], {
        cwd: ROOT, env: { PATH: process.env.PATH, APOLLO_TELEMETRY_DISABLED: '1' }, timeout: 60_000,
      });
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('nb-officer  CITY_ADMIN/NINGBO  NB-1  ID_NUMBER');
      expect(lines[2]).toContain('prov-officer  PROVINCE_ADMIN  NB-1  MOBILE');
      expect(lines[2]).toContain('"回访"');
    }, 60_000);
  });
});
