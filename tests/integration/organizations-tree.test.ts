import { applyBatch } from '../../adapters/pipeline/apply-batch';
import { mapProvincialRecord, SYSTEM } from '../../adapters/zhejiang-digital-union/map';
import type { Store } from '../../core/store/database';
import type { UnionsTable } from '../../core/store/tables';
import { startSubgraph, type SubgraphServer } from '../../subgraphs/kit';
import { buildOrganizationsSchema } from '../../subgraphs/organizations';
import { gql } from '../support/graphql';
import { testPii } from '../support/pii';
import { provincialUnion } from '../support/provincial-records';
import { STORE_VARIANTS } from '../support/stores';

/**
 * The union tree merged from three systems, over HTTP: parent and children agree across systems
 * even where an upstream left its records unlinked, `unions(filter)` honours every UnionFilter
 * field, and a union reported under the wrong city is a DIVISION_NOT_IN_CITY data issue.
 */
function union(id: string, p: Partial<UnionsTable>): UnionsTable {
  const system = id.startsWith('NB') ? 'ningbo-yonggonghui' : id.startsWith('SX') ? 'shaoxing-internet-plus' : 'zhejiang-digital-union';
  return {
    id, system, source_id: id, name: id, credit_code: null, type: 'GRASSROOTS', division_code: '330106', city: 'HANGZHOU',
    parent_id: null, founded_on: '2015-01-01', last_election_on: '2023-01-01', dissolved: 0, deleted: 0, version: 1, updated_at: '2025-01-01T00:00:00.000Z', ...p,
  };
}

// 浙江省总工会 and Hangzhou link their tree; Ningbo's and Shaoxing's systems know nothing above
// their city federation, and Ningbo's leaves a county federation and one grassroots union unlinked.
const TREE: UnionsTable[] = [
  union('ZJGH0000000', { name: '浙江省总工会', type: 'FEDERATION', division_code: '330000', city: null }),
  union('ZJGH0000001', { name: '杭州市总工会', type: 'FEDERATION', division_code: '330100', parent_id: 'ZJGH0000000' }),
  union('ZJGH0000002', { name: '西湖区总工会', type: 'FEDERATION', division_code: '330106', parent_id: 'ZJGH0000001' }),
  union('ZJGH0000003', { name: '西湖区外卖骑手联合工会', type: 'JOINT_GRASSROOTS', parent_id: 'ZJGH0000002' }),
  union('ZJGH0000004', { name: '西湖区某快递公司工会', parent_id: 'ZJGH0000002' }),
  union('ZJGH0000005', { name: '已撤销的快递站工会', parent_id: 'ZJGH0000002', dissolved: 1 }),
  union('ZJGH0000006', { name: '删除的工会', parent_id: 'ZJGH0000002', deleted: 1 }),
  union('NBGH0000001', { name: '宁波市总工会', type: 'FEDERATION', division_code: '330200', city: 'NINGBO' }),
  union('NBGH0000002', { name: '慈溪市总工会', type: 'FEDERATION', division_code: '330282', city: 'NINGBO' }),
  union('NBGH0000003', { name: '慈溪市货车司机工会', division_code: '330282', city: 'NINGBO', parent_id: 'NBGH0000002' }),
  union('NBGH0000004', { name: '慈溪市某电器公司工会', division_code: '330282', city: 'NINGBO' }),
  union('NBGH0000005', { name: '坎墩街道总工会', type: 'REGIONAL_FEDERATION', division_code: '330282', city: 'NINGBO', parent_id: 'NBGH0000002' }),
  union('SXGH000001', { name: '绍兴市总工会', type: 'FEDERATION', division_code: '330600', city: 'SHAOXING' }),
  union('SXGH000002', { name: '越城区快递行业联合工会', type: 'JOINT_GRASSROOTS', division_code: '330602', city: 'SHAOXING', parent_id: 'SXGH000001' }),
];

interface UnionNode { id: string; parent: { id: string } | null; children: { totalCount: number; edges: Array<{ node: { id: string } }> } }

describe.each(STORE_VARIANTS.map((v) => [v.name, v] as const))('the union tree across systems on %s', (_name, variant) => {
  let store: Store & { dispose(): Promise<void> };
  let organizations: SubgraphServer;

  beforeAll(async () => {
    store = await variant.open();
    await store.db.insertInto('unions').values(TREE).execute();
    organizations = await startSubgraph({ name: 'organizations', schema: buildOrganizationsSchema(), store, port: 0 });
  });

  afterAll(async () => {
    await organizations?.close();
    await store?.dispose();
  });

  async function node(id: string): Promise<UnionNode> {
    const res = await gql<{ union: UnionNode }>(organizations.url, `{ union(id: "${id}") { id parent { id } children(first: 50) { totalCount edges { node { id } } } } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.union;
  }

  const childIds = (n: UnionNode) => n.children.edges.map((e) => e.node.id);

  it('links parent and children in both directions, adopting unlinked unions into the federation above them', async () => {
    const province = await node('ZJGH0000000');
    expect(province.parent).toBeNull();
    expect(childIds(province)).toEqual(['NBGH0000001', 'SXGH000001', 'ZJGH0000001']);
    expect(province.children.totalCount).toBe(3);

    const ningbo = await node('NBGH0000001');
    expect(ningbo.parent).toEqual({ id: 'ZJGH0000000' });
    expect(childIds(ningbo)).toEqual(['NBGH0000002']);

    const cixi = await node('NBGH0000002');
    expect(cixi.parent).toEqual({ id: 'NBGH0000001' });
    expect(childIds(cixi)).toEqual(['NBGH0000003', 'NBGH0000004', 'NBGH0000005']);
    expect((await node('NBGH0000004')).parent).toEqual({ id: 'NBGH0000002' });

    const xihu = await node('ZJGH0000002');
    expect(xihu.parent).toEqual({ id: 'ZJGH0000001' });
    // Dissolved unions stay in the tree (dissolved: true); deleted ones are gone.
    expect(childIds(xihu)).toEqual(['ZJGH0000003', 'ZJGH0000004', 'ZJGH0000005']);
    expect((await node('SXGH000002')).parent).toEqual({ id: 'SXGH000001' });
  });

  it('honours every UnionFilter field, alone and together', async () => {
    const ids = async (filter: string) => {
      const res = await gql<{ unions: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(organizations.url, `{ unions(filter: ${filter}, first: 100) { totalCount edges { node { id } } } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.unions.totalCount).toBe(res.data!.unions.edges.length);
      return res.data!.unions.edges.map((e) => e.node.id);
    };
    expect(await ids('{ cities: [NINGBO, SHAOXING] }')).toEqual(['NBGH0000001', 'NBGH0000002', 'NBGH0000003', 'NBGH0000004', 'NBGH0000005', 'SXGH000001', 'SXGH000002']);
    expect(await ids('{ types: [JOINT_GRASSROOTS] }')).toEqual(['SXGH000002', 'ZJGH0000003']);
    expect(await ids('{ types: [REGIONAL_FEDERATION, FEDERATION], cities: [NINGBO] }')).toEqual(['NBGH0000001', 'NBGH0000002', 'NBGH0000005']);
    expect(await ids('{ parentId: "NBGH0000002" }')).toEqual(['NBGH0000003', 'NBGH0000004', 'NBGH0000005']);
    expect(await ids('{ parentId: "ZJGH0000000" }')).toEqual(['NBGH0000001', 'SXGH000001', 'ZJGH0000001']);
    expect(await ids('{ parentId: "NBGH0000002", types: [GRASSROOTS] }')).toEqual(['NBGH0000003', 'NBGH0000004']);
    // A county code matches exactly; a city code its whole area; the province code everything.
    expect(await ids('{ divisionCode: "330282" }')).toEqual(['NBGH0000002', 'NBGH0000003', 'NBGH0000004', 'NBGH0000005']);
    expect(await ids('{ divisionCode: "330200" }')).toEqual(['NBGH0000001', 'NBGH0000002', 'NBGH0000003', 'NBGH0000004', 'NBGH0000005']);
    expect(await ids('{ divisionCode: "330000" }')).toHaveLength(TREE.length - 1);
    expect(await ids('{ nameContains: "快递" }')).toEqual(['SXGH000002', 'ZJGH0000004', 'ZJGH0000005']);
    expect(await ids('{ nameContains: "快递", cities: [HANGZHOU], types: [GRASSROOTS], divisionCode: "330106", parentId: "ZJGH0000002" }')).toEqual(['ZJGH0000004', 'ZJGH0000005']);
    const bad = await gql(organizations.url, '{ unions(filter: { divisionCode: "Cixi" }) { totalCount } }');
    expect(bad.errors?.[0].message).toBe('divisionCode must be a six-digit GB/T 2260 code, got "Cixi"');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('records a union reported under a city its county does not belong to as DIVISION_NOT_IN_CITY, and keeps it', async () => {
    // Pulled for Ningbo (330200), but 330106 is Hangzhou's Xihu district; the credit code's check character is wrong too.
    const record = provincialUnion('ZJGH0000099', { name: '错报城市的工会', division: '330106', creditCode: '81330106MA2H2H2H2X' });
    const counts = await applyBatch(store, testPii(), {
      sourceId: 'province', system: SYSTEM, records: [{ resource: 'organizations/330200', raw: record, deliveryId: '' }],
      map: (r, raw) => mapProvincialRecord(r, raw),
    });
    expect(counts).toMatchObject({ applied: 1, deadLetters: 0 });
    const res = await gql<{ dataIssues: { edges: Array<{ node: { code: string; severity: string; sourceId: string; field: string; message: string } }> } }>(
      organizations.url, '{ dataIssues(first: 10) { edges { node { code severity sourceId field message } } } }');
    const issues = res.data!.dataIssues.edges.map((e) => e.node).filter((i) => i.sourceId === 'ZJGH0000099');
    expect(issues.map((i) => [i.code, i.field]).sort()).toEqual([['DIVISION_NOT_IN_CITY', 'division'], ['INVALID_CREDIT_CODE', 'creditCode']]);
    expect(issues.find((i) => i.code === 'DIVISION_NOT_IN_CITY')!.message).toContain('330106');
    expect((await node('ZJGH0000099')).id).toBe('ZJGH0000099');
  });
});
