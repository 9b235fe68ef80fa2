import { gql } from './graphql';

/** The data of an operation that must succeed (the errors are shown if it does not). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function ok(url: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await gql(url, query, variables);
  expect(res.errors).toBeUndefined();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return res.data as Record<string, any>;
}

export interface GraphQLFailure {
  message: string;
  code: unknown;
  extensions: Record<string, unknown>;
}

/** The first error of an operation that must fail, with its code. */
export async function refused(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLFailure> {
  const res = await gql(url, query, variables);
  expect(res.errors?.length).toBeGreaterThan(0);
  const first = res.errors![0];
  return { message: first.message, code: first.extensions?.code, extensions: first.extensions ?? {} };
}
