import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, printSchema } from 'graphql';
import { composeCommittedSupergraph, composeSupergraph, CompositionError, PLACEHOLDER_URLS, subgraphDefinitions } from '../../schema/compose';
import { apiSchemaOfSupergraph, checkAgainstContract } from '../../schema/contract-check';
import { SUPERGRAPH_PATH } from '../../schema/supergraph-file';

const CONTRACT = readFileSync(join(__dirname, '../../schema/contract.graphql'), 'utf8');

describe('composition of the four subgraphs', () => {
  let fresh: string;

  beforeAll(() => {
    fresh = composeCommittedSupergraph();
  });

  it('composes without errors, from code alone (no store, no server)', () => {
    const names = subgraphDefinitions().map((s) => s.name);
    expect(names).toEqual(['membership', 'organizations', 'stations', 'welfare']);
    expect(fresh).toContain('@join__graph(name: "membership", url: "http://localhost:4001/graphql")');
    expect(fresh).toContain('@join__graph(name: "welfare", url: "http://localhost:4004/graphql")');
  });

  it('matches the committed schema/supergraph.graphql (stale? run `hub compose`)', () => {
    const committed = readFileSync(SUPERGRAPH_PATH, 'utf8');
    // A plain equality would print 700 lines of diff; say what to do instead.
    if (committed !== fresh) throw new Error('schema/supergraph.graphql is stale: run `hub compose` (npm run compose) and commit it');
  });

  it('serves every type, field, argument, default and enum value of schema/contract.graphql', () => {
    expect(checkAgainstContract(apiSchemaOfSupergraph(fresh), CONTRACT)).toEqual([]);
  });

  it('reports what is missing when the API drifts from the contract', () => {
    const api = printSchema(apiSchemaOfSupergraph(fresh));
    const withoutMemberCount = api.replace(/^\s*memberCount: Int!\n/m, '');
    expect(withoutMemberCount).not.toEqual(api);
    const renamedDefault = api.replace('withinMeters: Int = 3000', 'withinMeters: Int = 5000');
    const problems = checkAgainstContract(buildSchema(renamedDefault.replace(/^\s*memberCount: Int!\n/m, '')), CONTRACT);
    expect(problems).toEqual(
      expect.arrayContaining(['missing field Union.memberCount', 'Query.stationsNear(withinMeters:) defaults to 5000, the contract says 3000']),
    );
    expect(problems).toHaveLength(2);
  });

  it('names each composition error', () => {
    const [membership] = subgraphDefinitions();
    const clash = { name: 'clash', url: 'http://localhost:4999/graphql', typeDefs: membership.typeDefs };
    let error: unknown;
    try {
      composeSupergraph([{ ...membership, url: PLACEHOLDER_URLS.membership }, clash]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompositionError);
    expect((error as CompositionError).errors.length).toBeGreaterThan(0);
    expect((error as CompositionError).message).toMatch(/composition failed with \d+ error/);
  });
});
