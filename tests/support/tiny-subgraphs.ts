import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';

/**
 * Two small federated subgraphs, real HTTP servers on 127.0.0.1, for testing the gateway on its
 * own: "catalog" owns Thing and Query.things, "extras" adds Thing.extra and Query.hello. Each
 * records the headers of every request it gets.
 */
export interface TinySubgraph {
  name: string;
  url: string;
  port: number;
  typeDefs: DocumentNode;
  /** Headers of every request received, oldest first. */
  received: IncomingHttpHeaders[];
  stop(): Promise<void>;
}

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

export const THINGS = [
  { id: '1', name: '杭州市总工会' },
  { id: '2', name: '宁波市总工会' },
];

const catalogTypeDefs = parse(`${FEDERATION}
  type Thing @key(fields: "id") { id: ID! name: String! }
  type Query { things: [Thing!]! thing(id: ID!): Thing }
`);
const catalogResolvers: GraphQLResolverMap<unknown> = {
  Query: {
    things: () => THINGS,
    thing: (_parent: unknown, args: { id: string }) => THINGS.find((t) => t.id === args.id) ?? null,
  },
  Thing: { __resolveReference: (ref: { id: string }) => THINGS.find((t) => t.id === ref.id) ?? null },
};

const extrasTypeDefs = parse(`${FEDERATION}
  type Thing @key(fields: "id") { id: ID! extra: String }
  type Query { hello: String }
`);
const extrasResolvers: GraphQLResolverMap<unknown> = {
  Query: { hello: () => 'hello from extras' },
  Thing: { extra: (thing: { id: string }) => `extra-${thing.id}` },
};

async function startTinySubgraph(name: string, typeDefs: DocumentNode, resolvers: GraphQLResolverMap<unknown>): Promise<TinySubgraph> {
  const received: IncomingHttpHeaders[] = [];
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      received.push(req.headers);
      return {};
    },
  });
  return { name, url, port: Number(new URL(url).port), typeDefs, received, stop: () => server.stop() };
}

export function startCatalog(): Promise<TinySubgraph> {
  return startTinySubgraph('catalog', catalogTypeDefs, catalogResolvers);
}

export function startExtras(): Promise<TinySubgraph> {
  return startTinySubgraph('extras', extrasTypeDefs, extrasResolvers);
}

/** The supergraph of the given subgraphs, with their URLs written in. */
export function compose(subgraphs: Pick<TinySubgraph, 'name' | 'typeDefs' | 'url'>[]): string {
  const result = composeServices(subgraphs.map(({ name, typeDefs, url }) => ({ name, typeDefs, url })));
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/**
 * A plain HTTP server standing in for a broken subgraph. Without a handler it accepts requests
 * and never answers: a hung subgraph.
 */
export async function startFakeSubgraph(
  handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
