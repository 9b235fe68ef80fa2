import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { City } from '../../schema/enums';
import type { MembersTable, UnionsTable } from '../../core/store/tables';
import { encodeCursor } from '../../subgraphs/kit';
import { bearer, tokenFor } from '../support/auth';
import { post, startSecuredHub, type Reply, type SecuredHub } from '../support/secured-hub';
import { STORE_VARIANTS } from '../support/stores';
import { MEMBERS, UNIONS } from '../support/subgraph-rows';

/**
 * Union.members for a page of unions, through the real secured gateway: the membership subgraph
 * gets one `_entities` call with every union, and must answer it with a constant number of SQL
 * statements (one per page shape, one grouped count), whatever the number of unions; and a
 * city admin's totalCount counts only the members whose nodes it may see.
 */

/**
 * Counts the SQL statements that read the members table (Union.members' work; the organizations
 * subgraph and the gateway's data-version probe share the store and are left out). Counted as
 * results come back, not as queries are built: a subquery is built as a query of its own.
 */
class MemberStatementCounter implements KyselyPlugin {
  count = 0;
  private readonly readsMembers = new WeakMap<object, boolean>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.readsMembers.set(args.queryId, JSON.stringify(args.node).includes('"name":"members"'));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.readsMembers.get(args.queryId)) this.count++;
    return args.result;
  }
}

const UNION_COUNT = 24;
const unionId = (i: number) => `NBU${String(i).padStart(2, '0')}`;

/**
 * 24 Ningbo grassroots unions: union i has i % 5 Ningbo members, and every third one also a
 * member the member view places in Shaoxing (a person who works across the border).
 */
function ningboUnions(): { unions: UnionsTable[]; members: MembersTable[] } {
  const template = UNIONS.find((u) => u.id === 'NB')!;
  const person = MEMBERS.find((m) => m.id === 'M5')!;
  const unions: UnionsTable[] = [];
  const members: MembersTable[] = [];
  for (let i = 1; i <= UNION_COUNT; i++) {
    const id = unionId(i);
    unions.push({ ...template, id, source_id: id, name: `宁波测试工会${i}`, type: 'GRASSROOTS', division_code: '330281', parent_id: 'NB' });
    const cities: City[] = [...Array<City>(i % 5).fill('NINGBO'), ...(i % 3 === 0 ? ['SHAOXING' as City] : [])];
    cities.forEach((city, k) => {
      const memberId = `${id}M${k}`;
      members.push({ ...person, id: memberId, person_key: `pk-${memberId}`, name: memberId, city, union_id: id });
    });
  }
  return { unions, members };
}

interface MemberPage {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string } | null }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface UnionWithPages { id: string; page1: MemberPage; page2: MemberPage }

const PAGE = 'totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }';
/** Two page shapes in one request: the first two members, and those after the first one. */
const UNIONS_WITH_MEMBERS = `query Ask($after: String) { unions(filter: { cities: [NINGBO], parentId: "NB" }, first: 100) { edges { node { id
  page1: members(first: 2) { ${PAGE} } page2: members(first: 2, after: $after) { ${PAGE} } } } } }`;

/** What the connection must hold, computed from the rows (ids sort alike in every collation used). */
function expectedPage(all: MembersTable[], union: string, first: number, after: string | null, visible: (m: MembersTable) => boolean) {
  const ofUnion = all.filter((m) => m.union_id === union).map((m) => m.id).sort();
  const rest = after === null ? ofUnion : ofUnion.filter((id) => id > after);
  const shown = rest.slice(0, first);
  const byId = new Map(all.map((m) => [m.id, m]));
  return {
    totalCount: all.filter((m) => m.union_id === union && visible(m)).length,
    edges: shown.map((id) => ({ cursor: encodeCursor(id), node: visible(byId.get(id)!) ? { id } : null })),
    pageInfo: { hasNextPage: rest.length > first, endCursor: shown.length > 0 ? encodeCursor(shown[shown.length - 1]) : null },
  };
}

describe.each(STORE_VARIANTS)('Union.members for a page of unions ($name)', (variant) => {
  let hub: SecuredHub;
  const counter = new MemberStatementCounter();
  const { unions, members } = ningboUnions();
  // NB-G1 (subgraph-rows.ts) is a Ningbo union under NB too, with its one member M5.
  const listed = ['NB-G1', ...unions.map((u) => u.id)];
  const allMembers = [...MEMBERS, ...members];
  const tokens: Record<'province' | 'ningbo', string> = { province: '', ningbo: '' };

  beforeAll(async () => {
    const store = await variant.open();
    // The store the subgraphs get counts what they send; dispose() still closes the real one.
    hub = await startSecuredHub(Object.assign(store, { db: store.db.withPlugin(counter) }));
    await hub.store.db.insertInto('unions').values(unions).execute();
    await hub.store.db.insertInto('members').values(members).execute();
    tokens.province = await tokenFor('PROVINCE_ADMIN');
    tokens.ningbo = await tokenFor('CITY_ADMIN', { city: 'NINGBO', sub: 'nb-admin' });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  /**
   * The reply, and the statements reading members that the hub's subgraphs sent for it. Each
   * operation is named anew: the gateway's response cache would answer a repeat with none.
   */
  let asked = 0;
  async function ask(who: keyof typeof tokens, variables: Record<string, unknown>, query = UNIONS_WITH_MEMBERS): Promise<{ reply: Reply; statements: number }> {
    const start = counter.count;
    const reply = await post(hub.gateway, { query: query.replace('query Ask', `query Ask${++asked}`), variables }, bearer(tokens[who]));
    return { reply, statements: counter.count - start };
  }
  const unionsOf = (reply: Reply) =>
    ((reply.body.data?.unions as { edges: Array<{ node: UnionWithPages }> }).edges).map((e) => e.node);

  it.each([['province', () => true], ['ningbo', (m: MembersTable) => m.city === 'NINGBO']] as const)(
    'answers every union\'s pages as one union at a time would (%s)', async (who, visible) => {
      const after = `${unionId(4)}M0`;
      const { reply } = await ask(who, { after: encodeCursor(after) });
      const answered = unionsOf(reply);
      expect(answered.map((u) => u.id)).toEqual(listed);
      for (const union of answered) {
        expect({ id: union.id, page1: union.page1, page2: union.page2 }).toEqual({
          id: union.id,
          page1: expectedPage(allMembers, union.id, 2, null, visible),
          page2: expectedPage(allMembers, union.id, 2, after, visible),
        });
      }
      // A city admin meets the Shaoxing members as FORBIDDEN nodes, one error per node, nothing else.
      const hidden = answered.flatMap((u) => [...u.page1.edges, ...u.page2.edges]).filter((e) => e.node === null).length;
      expect((reply.body.errors ?? []).map((e) => e.extensions?.code)).toEqual(Array<string>(hidden).fill('FORBIDDEN'));
      expect(hidden > 0).toBe(who === 'ningbo');
    });

  it('counts for a city admin only the members it may see: a Ningbo union with a Shaoxing member', async () => {
    const { reply } = await ask('ningbo', { after: null });
    const union = unionsOf(reply).find((u) => u.id === unionId(3))!;
    // NBU03: three Ningbo members and one the member view places in Shaoxing.
    expect(union.page1.totalCount).toBe(3);
    const { reply: province } = await ask('province', { after: null });
    expect(unionsOf(province).find((u) => u.id === unionId(3))!.page1.totalCount).toBe(4);
  });

  it.each(['province', 'ningbo'] as const)('sends the same few statements for 25 unions as for 1 (%s)', async (who) => {
    const variables = { after: encodeCursor(`${unionId(4)}M0`) };
    const many = await ask(who, variables);
    expect(unionsOf(many.reply)).toHaveLength(listed.length);
    const one = await ask(who, variables, UNIONS_WITH_MEMBERS.replace('parentId: "NB"', 'nameContains: "宁波测试工会24"'));
    expect(unionsOf(one.reply)).toHaveLength(1);
    process.stderr.write(`union-members ${variant.name} ${who}: ${listed.length} unions cost ${many.statements} statements, 1 union ${one.statements}\n`);
    expect(many.statements).toBe(one.statements);
    // One page query per page shape (first: 2, and first: 2 after a cursor), one grouped count.
    expect(many.statements).toBe(3);
  });
});
