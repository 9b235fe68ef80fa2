import { parse, validate } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { readSupergraph } from '../../schema/supergraph-file';
import { OPERATIONS } from '../../bench/gateway-operations';
import { startBare } from '../../bench/gateway-child';

/**
 * The benchmark harness itself still runs (CI runs no benchmark): the gateway comparison's
 * operations are valid against the API of the committed supergraph, and the bare-limit server
 * answers each operation's pre-serialized response.
 */
describe('bench harness', () => {
  const api = Supergraph.build(readSupergraph()).apiSchema().toGraphQLJSSchema();

  it.each(OPERATIONS.map((op) => [op.name, op]))('operation %s is valid against the composed supergraph', (_name, op) => {
    expect(validate(api, parse(op.query)).map((e) => e.message)).toEqual([]);
  });

  it('the bare limit answers each operation with its pre-serialized body', async () => {
    const bodies = { overview: '{"data":{"overview":{"members":7}}}', analystPage: '{"data":{"members":{"totalCount":1}}}' };
    const bare = await startBare({ supergraphSdl: '', subgraphUrls: {}, bareBodies: bodies });
    try {
      for (const [op, body] of Object.entries(bodies)) {
        const res = await fetch(`${bare.url}?op=${op}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ x }"}' });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(body);
      }
    } finally {
      await bare.close();
    }
  });
});
