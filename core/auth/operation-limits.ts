import { ConfigError } from '../errors';

/**
 * What one GraphQL request may ask of the gateway. Every limit is refused with a clear error
 * before any subgraph is called; each one is configurable in the config file's
 * `security.limits` section. The defaults fit every query in the README and GraphiQL's own
 * schema query (depth 15, 181 tokens, cost 51,833) with room to spare; the README's member list
 * with 20 per page costs 1,001, the same with 500 per page 25,001.
 */
export interface OperationLimits {
  /** Deepest field nesting, fragments expanded. */
  maxDepth: number;
  /** Aliased fields in one operation, fragments expanded (alias bombs ask for one field thousands of times). */
  maxAliases: number;
  /** Directives in one operation, fragments expanded. */
  maxDirectives: number;
  /** Lexical tokens in the document; the parser stops counting there (graphql-js `maxTokens`). */
  maxTokens: number;
  /** Estimated cost: 1 per field, a list's selection multiplied by its `first` (or `listSize`). */
  maxCost: number;
  /** Length assumed for a list field without a `first` argument, in the cost estimate. */
  listSize: number;
  /** Largest `first` on any field (the subgraphs refuse more too). */
  maxPageSize: number;
  /** Largest request body, bytes (413 above). */
  maxBodyBytes: number;
  /** Requests per token subject per window (429 with Retry-After above), and the window. */
  rateLimitRequests: number;
  rateLimitWindowSeconds: number;
  /** How long one subgraph call may take before it fails as SUBGRAPH_UNAVAILABLE. */
  subgraphTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<OperationLimits> = Object.freeze({
  maxDepth: 20,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 100_000,
  listSize: 10,
  maxPageSize: 500,
  maxBodyBytes: 1024 * 1024,
  rateLimitRequests: 600,
  rateLimitWindowSeconds: 60,
  subgraphTimeoutMs: 30_000,
});

const KEYS = Object.keys(DEFAULT_LIMITS) as Array<keyof OperationLimits>;

/** The `security.limits` object: every key optional, each a positive whole number. */
export function parseOperationLimits(value: unknown, key = 'security.limits'): OperationLimits {
  if (value === undefined) return { ...DEFAULT_LIMITS };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(key, 'expected an object');
  const limits = { ...DEFAULT_LIMITS };
  for (const [name, raw] of Object.entries(value)) {
    if (!(KEYS as string[]).includes(name)) throw new ConfigError(`${key}.${name}`, `unknown limit; expected one of ${KEYS.join(', ')}`);
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
      throw new ConfigError(`${key}.${name}`, `expected a positive whole number, got ${JSON.stringify(raw)}`);
    }
    limits[name as keyof OperationLimits] = raw;
  }
  return limits;
}
