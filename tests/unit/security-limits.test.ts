import {
  getIntrospectionQuery, GraphQLError, Kind, parse, specifiedRules, validate,
  type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { DEFAULT_LIMITS } from '../../core/auth/operation-limits';
import { aliasLimitRule } from '../../gateway/limits/alias-limit';
import { estimateCost } from '../../gateway/limits/cost';
import { depthLimitRule } from '../../gateway/limits/depth-limit';
import { directiveLimitRule } from '../../gateway/limits/directive-limit';
import { RateLimiter } from '../../gateway/rate-limit';
import { apiSchemaOfSupergraph } from '../../schema/contract-check';
import { readSupergraph } from '../../schema/supergraph-file';

/**
 * The gateway's operation limits on the real API schema: the queries people run pass, the ones
 * built to hurt are refused with the limit named.
 */
let schema: GraphQLSchema;
beforeAll(() => {
  schema = apiSchemaOfSupergraph(readSupergraph());
});

const RULES = [depthLimitRule(DEFAULT_LIMITS.maxDepth), aliasLimitRule(DEFAULT_LIMITS.maxAliases), directiveLimitRule(DEFAULT_LIMITS.maxDirectives)];

/** The limits a document breaks (validation rules only, as the gateway runs them after graphql-js's own). */
function brokenLimits(query: string): Array<Record<string, unknown>> {
  const document = parse(query, { maxTokens: DEFAULT_LIMITS.maxTokens });
  const basic = validate(schema, document, specifiedRules);
  if (basic.length > 0) throw new Error(basic.map((e) => e.message).join('; '));
  return validate(schema, document, RULES).map((e) => ({ ...e.extensions, message: e.message }));
}

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return estimateCost(schema, operation, fragments, variables, DEFAULT_LIMITS);
}

const README_MEMBERS = `{
  members(filter: {cities: [HANGZHOU, NINGBO], occupations: [FOOD_DELIVERY]}, first: 20) {
    totalCount
    edges { node {
      id name idNumberMasked mobileMasked city joinedOn
      union { name division { name } }
      employer { name platform }
      benefits { program { name } status }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const OVERVIEW = `{ overview { members newEmploymentMembers membersByCity { city count } grassrootsUnions
  formation { total unionized rate categories { category total unionized rate } } stations driversHomes
  stationsUpgradedByYear { year count } welfarePlacesUsed } }`;
const GRAPHIQL_SCHEMA_QUERY = getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true });

describe('what people run passes every limit', () => {
  it.each([
    ['the README member list', README_MEMBERS, 1_001],
    ['the dashboard overview', OVERVIEW, 94],
    ["GraphiQL's schema query", GRAPHIQL_SCHEMA_QUERY, 51_833],
  ])('%s', (_name, query, expectedCost) => {
    expect(brokenLimits(query)).toEqual([]);
    expect(cost(query)).toBe(expectedCost);
    expect(cost(query)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
  });

  it('prices a page of 500 members at 25,001, inside the limit', () => {
    expect(cost(README_MEMBERS.replace('first: 20', 'first: 500'))).toBe(25_001);
  });
});

describe('depth', () => {
  it(`refuses nesting deeper than ${DEFAULT_LIMITS.maxDepth}, counting through fragments`, () => {
    const chain = (n: number) => '{ union(id: "ZJ") ' + '{ parent '.repeat(n - 2) + '{ id }' + ' }'.repeat(n - 2) + ' }';
    expect(brokenLimits(chain(DEFAULT_LIMITS.maxDepth))).toEqual([]);
    expect(brokenLimits(chain(DEFAULT_LIMITS.maxDepth + 1))).toEqual([
      expect.objectContaining({ limit: 'maxDepth', max: DEFAULT_LIMITS.maxDepth, actual: DEFAULT_LIMITS.maxDepth + 1 }),
    ]);
    const viaFragments = `{ union(id: "ZJ") { ...A } }
      fragment A on Union { parent { ...B } }
      fragment B on Union { parent { ${'parent { '.repeat(18)} id ${'}'.repeat(18)} } }`;
    expect(brokenLimits(viaFragments)).toEqual([expect.objectContaining({ limit: 'maxDepth', actual: 22 })]);
  });
});

describe('aliases', () => {
  it('refuses an alias bomb, and counts aliases in a fragment once per spread', () => {
    const bomb = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: overview { members }`).join(' ')} }`;
    expect(brokenLimits(bomb)).toEqual([expect.objectContaining({ limit: 'maxAliases', max: 30, actual: 100 })]);
    const tenAliases = Array.from({ length: 10 }, (_, i) => `n${i}: name`).join(' ');
    const spread = `{ union(id: "ZJ") { ...F parent { ...F parent { ...F parent { ...F } } } } } fragment F on Union { ${tenAliases} }`;
    expect(brokenLimits(spread)).toEqual([expect.objectContaining({ limit: 'maxAliases', actual: 40 })]);
    const cities = ['HANGZHOU', 'NINGBO', 'WENZHOU', 'JIAXING', 'HUZHOU', 'SHAOXING', 'JINHUA', 'QUZHOU', 'ZHOUSHAN', 'TAIZHOU', 'LISHUI'];
    expect(brokenLimits(`{ ${cities.map((c) => `${c.toLowerCase()}: overview(city: ${c}) { members }`).join(' ')} }`)).toEqual([]);
  });
});

describe('directives', () => {
  it('refuses more than the limit', () => {
    const many = `query($yes: Boolean = true) { ${Array.from({ length: 60 }, () => 'sources @include(if: $yes) { id }').join(' ')} }`;
    expect(brokenLimits(many)).toEqual([expect.objectContaining({ limit: 'maxDirectives', actual: 60 })]);
  });
});

describe('tokens', () => {
  it('stops parsing a document past maxTokens', () => {
    const long = `{ ${'__typename '.repeat(DEFAULT_LIMITS.maxTokens)} }`;
    expect(() => parse(long, { maxTokens: DEFAULT_LIMITS.maxTokens })).toThrow(/Document contains more th\w+ 2000 tokens/);
  });
});

describe('cost', () => {
  it('refuses a query built to be expensive within the depth limit', () => {
    const nested = `{ unions(first: 500) { edges { node { children(first: 500) { edges { node { children(first: 500) { edges { node { id } } } } } } } } } }`;
    expect(brokenLimits(nested)).toEqual([]);
    expect(cost(nested)).toBe(375_751_501);
  });

  it('multiplies by the defaults when first is not given, and by variables when it is', () => {
    const query = 'query($n: Int) { unions(first: $n) { edges { node { name stations { name } } } } }';
    // unions 1 + n × (edges 1 + 1 × (node 1 + name 1 + stations (1 + 10 × name 1))) = 1 + n × 14
    expect(cost(query, {})).toBe(1 + 50 * 14);
    expect(cost(query, { n: 2 })).toBe(1 + 2 * 14);
    expect(cost('query($n: Int = 4) { unions(first: $n) { totalCount } }')).toBe(1 + 4 * 1);
    expect(cost('{ unions(first: 0) { edges { node { name } } } }')).toBe(1);
  });

  it('counts fragments once per spread, without expanding them again', () => {
    const doubling = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Union { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const started = Date.now();
    const total = cost(`{ union(id: "ZJ") { ...F0 } } ${doubling} fragment F30 on Union { id }`);
    expect(total).toBe(1 + 2 ** 30);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it(`refuses pages larger than ${DEFAULT_LIMITS.maxPageSize}, literal or variable`, () => {
    const refusal = (query: string, variables: Record<string, unknown> = {}) => {
      try { cost(query, variables); return null; } catch (e) { return (e as GraphQLError).extensions; }
    };
    expect(refusal('{ members(first: 501) { totalCount } }')).toEqual({ code: 'BAD_USER_INPUT', field: 'first', rule: 'MAX', http: { status: 400 } });
    expect(refusal('query($n: Int) { stationsNear(lng: 120, lat: 30, first: $n) { distanceMeters } }', { n: 10_000 })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refusal('{ members(first: 500) { totalCount } }')).toBeNull();
  });
});

describe('the rate limiter', () => {
  it('lets a burst through, refuses past it with the wait, and refills over the window', () => {
    const limiter = new RateLimiter(3, 60);
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('nb-admin', t)).toEqual({ allowed: true });
    expect(limiter.take('nb-admin', t)).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('another-subject', t)).toEqual({ allowed: true });
    expect(limiter.take('nb-admin', t + 19_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('nb-admin', t + 20_000)).toEqual({ allowed: true });
  });
});
