import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from '../context';

/**
 * Refuses U+0000 in any string the operation carries, in its text or its variables. No person's
 * name or number contains it, and PostgreSQL cannot store or even compare it ("invalid byte
 * sequence for encoding UTF8: 0x00"), so letting it through would turn a typo or a probe into an
 * internal error deep in a subgraph. Every other character is data and is passed on as such.
 */
export function nulCharacterPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = nulInDocument(document) ?? nulInValue(request.variables, '$');
          if (where !== null) {
            throw new GraphQLError(`${where} contains the character U+0000, which no input may hold`, {
              extensions: { code: 'BAD_USER_INPUT', field: where, rule: 'NUL_CHARACTER', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

function nulInDocument(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000')) found = 'a string in the query';
    },
  });
  return found;
}

/** The path of the first string holding U+0000 (keys included), or null. */
function nulInValue(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInValue(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes('\u0000')) return path;
      const found = nulInValue(inner, path === '$' ? `$${key}` : `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}
