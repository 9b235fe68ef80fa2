import { Supergraph } from '@apollo/federation-internals';
import {
  astFromValue, buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isRequiredArgument,
  isRequiredInputField, isUnionType, print, type GraphQLArgument, type GraphQLField, type GraphQLInputField,
  type GraphQLInputType, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';

/**
 * Holds the gateway's API schema to schema/contract.graphql, the API dashboards and scripts rely on:
 * every type, field, argument, default value and enum value of the contract must be there, with the
 * same types. The API may have more, as long as nothing new is required of existing callers.
 * Returns one readable line per problem; empty means the contract holds.
 */
export function checkAgainstContract(apiSchema: GraphQLSchema, contractSdl: string): string[] {
  const contract = buildSchema(contractSdl);
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const actual = apiSchema.getType(expected.name);
    if (!actual) {
      problems.push(`missing type ${expected.name}`);
      continue;
    }
    if (kindOf(actual) !== kindOf(expected)) {
      problems.push(`${expected.name} is ${kindOf(actual)} in the API, the contract says ${kindOf(expected)}`);
      continue;
    }
    problems.push(...compareType(expected, actual));
  }
  return problems;
}

/** The API schema the gateway serves for a supergraph (federation's own extraction, as the gateway does it). */
export function apiSchemaOfSupergraph(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'an object type';
  if (isInterfaceType(type)) return 'an interface';
  if (isUnionType(type)) return 'a union';
  if (isEnumType(type)) return 'an enum';
  if (isInputObjectType(type)) return 'an input type';
  return 'a scalar';
}

function compareType(expected: GraphQLNamedType, actual: GraphQLNamedType): string[] {
  if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(actual) || isInterfaceType(actual))) {
    return compareFields(expected.name, expected.getFields(), actual.getFields());
  }
  if (isInputObjectType(expected) && isInputObjectType(actual)) {
    return compareInputFields(expected.name, expected.getFields(), actual.getFields());
  }
  if (isEnumType(expected) && isEnumType(actual)) {
    const values = new Set(actual.getValues().map((v) => v.name));
    return expected.getValues().filter((v) => !values.has(v.name)).map((v) => `missing enum value ${expected.name}.${v.name}`);
  }
  if (isUnionType(expected) && isUnionType(actual)) {
    const members = new Set(actual.getTypes().map((t) => t.name));
    return expected.getTypes().filter((t) => !members.has(t.name)).map((t) => `union ${expected.name} is missing member ${t.name}`);
  }
  return [];
}

function compareFields(
  typeName: string,
  expected: Record<string, GraphQLField<unknown, unknown>>,
  actual: Record<string, GraphQLField<unknown, unknown>>,
): string[] {
  const problems: string[] = [];
  for (const field of Object.values(expected)) {
    const coordinate = `${typeName}.${field.name}`;
    const found = actual[field.name];
    if (!found) {
      problems.push(`missing field ${coordinate}`);
      continue;
    }
    if (String(found.type) !== String(field.type)) problems.push(`${coordinate} has type ${String(found.type)}, the contract says ${String(field.type)}`);
    problems.push(...compareArguments(coordinate, field.args, found.args));
  }
  return problems;
}

function compareArguments(coordinate: string, expected: readonly GraphQLArgument[], actual: readonly GraphQLArgument[]): string[] {
  const problems: string[] = [];
  for (const arg of expected) {
    const found = actual.find((a) => a.name === arg.name);
    const where = `${coordinate}(${arg.name}:)`;
    if (!found) {
      problems.push(`missing argument ${where}`);
      continue;
    }
    if (String(found.type) !== String(arg.type)) problems.push(`${where} has type ${String(found.type)}, the contract says ${String(arg.type)}`);
    const [want, got] = [defaultText(arg.defaultValue, arg.type), defaultText(found.defaultValue, found.type)];
    if (want !== got) problems.push(`${where} defaults to ${got}, the contract says ${want}`);
  }
  for (const extra of actual) {
    if (isRequiredArgument(extra) && !expected.some((a) => a.name === extra.name)) {
      problems.push(`${coordinate}(${extra.name}:) is required in the API but not in the contract`);
    }
  }
  return problems;
}

function compareInputFields(typeName: string, expected: Record<string, GraphQLInputField>, actual: Record<string, GraphQLInputField>): string[] {
  const problems: string[] = [];
  for (const field of Object.values(expected)) {
    const coordinate = `${typeName}.${field.name}`;
    const found = actual[field.name];
    if (!found) {
      problems.push(`missing input field ${coordinate}`);
      continue;
    }
    if (String(found.type) !== String(field.type)) problems.push(`${coordinate} has type ${String(found.type)}, the contract says ${String(field.type)}`);
    const [want, got] = [defaultText(field.defaultValue, field.type), defaultText(found.defaultValue, found.type)];
    if (want !== got) problems.push(`${coordinate} defaults to ${got}, the contract says ${want}`);
  }
  for (const extra of Object.values(actual)) {
    if (isRequiredInputField(extra) && !expected[extra.name]) problems.push(`input field ${typeName}.${extra.name} is required in the API but not in the contract`);
  }
  return problems;
}

/** A default value as GraphQL literal text (`50`, `[INACTIVE]`, `WGS84`), or "no default". */
function defaultText(value: unknown, type: GraphQLInputType): string {
  if (value === undefined) return 'no default';
  const ast = astFromValue(value, type);
  return ast ? print(ast) : 'no default';
}
