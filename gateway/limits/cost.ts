import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { GraphQLError } from 'graphql';
import { fragmentMemo } from './fragment-memo';

/**
 * The cost of an operation, estimated before anything runs:
 * - every field costs 1;
 * - a field with a `first` argument multiplies the cost of its selection by `first` (the value
 *   sent, a variable's value, or the schema's default), since it returns up to that many items;
 * - the `edges` of a connection are the items `first` already counted, so they multiply by 1;
 * - any other list of objects multiplies by `listSize`, the length assumed for unbounded lists
 *   (a union's stations, a member's benefits, introspection's types and fields).
 * So `unions(first: 500) { edges { node { children(first: 500) { … } } } }` costs 250,000
 * times its innermost selection, however shallow it is.
 *
 * While walking it also refuses any `first` above the page size limit: the subgraphs would
 * refuse it too, but only after the gateway had planned and sent the query.
 */
export interface CostSettings {
  listSize: number;
  maxPageSize: number;
}

export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> | undefined,
  settings: CostSettings,
): number {
  const variableDefaults = new Map<string, VariableDefinitionNode>(operation.variableDefinitions?.map((d) => [d.variable.name.value, d]) ?? []);

  const fragmentCost = fragmentMemo(
    (name) => fragments[name],
    (fragment) => {
      const type = schema.getType(fragment.typeCondition.name.value);
      return isCompositeType(type) ? selectionCost(fragment.selectionSet, type) : 0;
    },
    0,
  );

  function selectionCost(set: SelectionSetNode, parent: GraphQLCompositeType): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) total += selectionCost(selection.selectionSet, type);
      } else {
        total += fragmentCost(selection.name.value);
      }
    }
    return total;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType): number {
    const field = fieldDefinition(schema, parent, node.name.value);
    if (!field || !node.selectionSet) return 1;
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) return 1;
    return 1 + multiplier(node, field, parent) * selectionCost(node.selectionSet, type);
  }

  function multiplier(node: FieldNode, field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType): number {
    const firstArgument = field.args.find((a) => a.name === 'first');
    if (firstArgument) {
      const first = argumentValue(node, firstArgument);
      if (first === null) return settings.listSize;
      if (first > settings.maxPageSize) throw pageTooLarge(first, settings.maxPageSize, node);
      return Math.max(first, 0);
    }
    if (!isListType(getNullableType(field.type))) return 1;
    // A connection's edges are the page its field's `first` already paid for.
    return parent.name.endsWith('Connection') ? 1 : settings.listSize;
  }

  /** An integer argument's value as the subgraph will see it (null or absent: the default); null when unknown. */
  function argumentValue(node: FieldNode, argument: GraphQLArgument): number | null {
    const given = node.arguments?.find((a) => a.name.value === argument.name)?.value;
    const value = given === undefined ? undefined : literalOrVariable(given);
    const effective = value === null || value === undefined ? argument.defaultValue : value;
    return typeof effective === 'number' && Number.isInteger(effective) ? effective : null;
  }

  function literalOrVariable(value: ValueNode): unknown {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.NULL) return null;
    if (value.kind !== Kind.VARIABLE) return undefined;
    const name = value.name.value;
    if (variables && variables[name] !== undefined) return variables[name];
    const fallback = variableDefaults.get(name)?.defaultValue;
    return fallback ? literalOrVariable(fallback) : null;
  }

  return selectionCost(operation.selectionSet, rootType(schema, operation));
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLCompositeType {
  const type = schema.getRootType(operation.operation);
  if (!type) throw new GraphQLError(`this API has no ${operation.operation} operations`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
  return type;
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** The same code and details as the subgraphs' own refusal (kit/connection.ts validateFirst). */
function pageTooLarge(first: number, max: number, node: FieldNode): GraphQLError {
  return new GraphQLError(`first must be at most ${max}, got ${first}`, {
    nodes: [node],
    extensions: { code: 'BAD_USER_INPUT', field: 'first', rule: 'MAX', http: { status: 400 } },
  });
}
