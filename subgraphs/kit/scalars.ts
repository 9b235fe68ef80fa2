import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * The two date scalars every subgraph shares, defined once here so that all four print the same
 * `scalar Date` / `scalar DateTime` and composition sees one type.
 *
 * Values stay strings end to end: the store keeps dates as `yyyy-MM-dd` text and instants as ISO
 * 8601 text, and converting to JS Date and back would invent time zones (a calendar date has none).
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date in `yyyy-MM-dd` (2025-02-30 is refused). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An ISO 8601 instant that says its offset (`Z` or `±hh:mm`): without one it is not an instant. */
export function isInstant(text: string): boolean {
  return DATE_TIME.test(text) && isCalendarDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text));
}

function literalString(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new TypeError(`${scalar} must be a string literal`);
  return ast.value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new TypeError(`Date must be a calendar date yyyy-MM-dd, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !isInstant(value)) {
    throw new TypeError(`DateTime must be ISO 8601 with an offset (e.g. 2025-08-10T09:00:00+08:00), got ${JSON.stringify(value)}`);
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, yyyy-MM-dd (no time zone).',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literalString(ast, 'Date')),
});

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with an offset (stored and served in UTC, `…Z`).',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalString(ast, 'DateTime')),
});
