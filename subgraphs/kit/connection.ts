import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { InputError } from '../../core/errors';
import { PageInfo } from './page-info';

/**
 * Relay connections, the same everywhere: rows ordered by a unique key, opaque cursors that carry
 * that key (keyset paging: page 1000 costs what page 1 costs), `first` capped, `totalCount` counted
 * only when a client asks for it.
 */
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  /** Rows wanted; the store reads one more to learn whether another page exists. */
  first: number;
  /** The key of the last row already seen, or null for the first page. */
  afterKey: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface ConnectionValue<T> {
  edges: Array<Edge<T>>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** A getter: the COUNT query runs only when the field is selected. */
  readonly totalCount: Promise<number>;
}

/** `first` must be 0…max (default applies when the client sends null). */
export function validateFirst(first: number | null | undefined, defaultValue: number, max = MAX_PAGE_SIZE): number {
  const n = first ?? defaultValue;
  if (!Number.isInteger(n) || n < 0) {
    throw new InputError('first', 'MIN', `first must be a whole number of at least 0, got ${n}`);
  }
  if (n > max) throw new InputError('first', 'MAX', `first must be at most ${max}, got ${n}`);
  return n;
}

/** Cursors are base64url JSON so clients treat them as opaque and we can change what is inside. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: String(key) }), 'utf8').toString('base64url');
}

export function decodeCursor(after: string | null | undefined): string | null {
  if (after === null || after === undefined || after === '') return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'k' in parsed && typeof parsed.k === 'string') return parsed.k;
  } catch {
    // fall through to the error below: a cursor we did not issue
  }
  throw new InputError('after', 'CURSOR', 'after must be a cursor returned by this API (endCursor or an edge cursor)');
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined, defaultFirst = 50): PageRequest {
  return { first: validateFirst(first, defaultFirst), afterKey: decodeCursor(after) };
}

/**
 * Builds a connection from rows read with `LIMIT first + 1` after the cursor key.
 * `countTotal` counts the whole filtered set (ignoring the cursor); it runs lazily, once.
 */
export function toConnection<T>(
  rows: readonly T[],
  page: PageRequest,
  keyOf: (row: T) => string | number,
  countTotal: () => Promise<number>,
): ConnectionValue<T> {
  const visible = rows.slice(0, page.first);
  const edges = visible.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  let total: Promise<number> | null = null;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      total ??= countTotal();
      return total;
    },
  };
}

/**
 * `<Name>Edge` and `<Name>Connection` object types for a node type. Call once per node type, at
 * module level (type-graphql registers classes globally).
 */
export function connectionType<T extends object>(name: string, node: () => ClassType<T>): ClassType<object> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => node())
    node!: T;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType;
}
