import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { Kind, parse, print, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, createResolversMap, type ContainerType, type NonEmptyArray } from 'type-graphql';
import type { SubgraphContext } from './context';

/**
 * Code-first subgraphs: type-graphql classes → SDL with their federation directives → an Apollo
 * subgraph schema. The SDL is also what composition reads, so composing needs no store and no
 * running server.
 */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

/** What `_entities` hands a reference resolver: the key fields, plus `__typename`. */
export type EntityRepresentation = { readonly [field: string]: unknown };

/**
 * Reference resolvers by entity type name. Declared as a method so that each entity file can type
 * its representation precisely (`{ id: string }`).
 */
export type ReferenceResolvers = Record<
  string,
  { __resolveReference(reference: EntityRepresentation, context: SubgraphContext): unknown }
>;

// type-graphql's own signatures use `Function` for classes.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassRef = Function;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<ClassRef>;
  /** Types no query reaches but the subgraph must still declare (entity stubs it extends). */
  orphanedTypes?: ClassRef[];
  referenceResolvers?: ReferenceResolvers;
  /** Supplies resolver instances, for resolvers that take options (e.g. membership's PII index). */
  container?: ContainerType;
}

export interface SubgraphSchema {
  /** Executable subgraph schema (with `_service` and `_entities`). */
  schema: GraphQLSchema;
  /** The subgraph SDL with its `@link`, as composition reads it. */
  sdl: string;
  typeDefs: DocumentNode;
}

export function buildFederatedSchema(options: FederatedSchemaOptions): SubgraphSchema {
  const codeFirst = buildSchemaSync({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    container: options.container,
    // The schema is incomplete on purpose (no @key definitions): buildSubgraphSchema adds them.
    skipCheck: true,
    // Every date field names its scalar explicitly; nothing may be mapped from JS Date silently.
    scalarsMap: [],
  });
  const typeDefs = argumentsInDeclarationOrder(parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(codeFirst)}`));
  const sdl = print(typeDefs);
  const resolvers = withReferenceResolvers(createResolversMap(codeFirst) as GraphQLResolverMap<SubgraphContext>, options.referenceResolvers ?? {});
  return { schema: buildSubgraphSchema([{ typeDefs, resolvers }]), sdl, typeDefs };
}

/** Adds `__resolveReference` to the type-graphql field resolvers of each entity type. */
function withReferenceResolvers(map: GraphQLResolverMap<SubgraphContext>, references: ReferenceResolvers): GraphQLResolverMap<SubgraphContext> {
  const merged: GraphQLResolverMap<SubgraphContext> = { ...map };
  for (const [typeName, { __resolveReference }] of Object.entries(references)) {
    if (!(typeName in merged)) throw new Error(`reference resolver for ${typeName}, a type this subgraph does not declare`);
    merged[typeName] = { ...merged[typeName], __resolveReference } as GraphQLResolverMap<SubgraphContext>[string];
  }
  return merged;
}

/**
 * A container that hands type-graphql the given resolver instances (made with their options) and
 * makes any other resolver class once with no arguments.
 */
export function instanceContainer(instances: object[]): ContainerType {
  const byClass = new Map<unknown, unknown>(instances.map((i) => [i.constructor, i]));
  return {
    get(someClass: new () => unknown) {
      let instance = byClass.get(someClass);
      if (!instance) {
        instance = new someClass();
        byClass.set(someClass, instance);
      }
      return instance;
    },
  };
}

/**
 * type-graphql collects parameter decorators as TypeScript applies them, last parameter first, so
 * it prints `unions(after, first, filter)`. Reversing restores the order the resolver declares
 * (and the contract uses), which is what people read in GraphiQL. Order has no meaning to GraphQL.
 */
function argumentsInDeclarationOrder(document: DocumentNode): DocumentNode {
  return visit(document, {
    [Kind.FIELD_DEFINITION]: (field) => (field.arguments && field.arguments.length > 1 ? { ...field, arguments: [...field.arguments].reverse() } : undefined),
  });
}
