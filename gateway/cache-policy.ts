import { Kind, parse, print, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/**
 * Which operations the response cache may answer, decided from the document alone.
 *
 * Never cached: mutations (and subscriptions), and any document that discloses personal data on
 * purpose — a field with a `purpose` argument (`idNumber(purpose:)`, `mobile(purpose:)`) or the
 * audit log itself. Disclosure writes an audit row per request; an answer from the cache would
 * skip that row. The whole document is checked, fragments included, not only the selected operation.
 */
export type CachePolicy =
  | { cacheable: true; operationName: string; normalized: string }
  | { cacheable: false; operationName: string; kind: 'mutation' | 'other' };

/** Fields whose every answer must reach the subgraph (audited, or the audit trail itself). */
const AUDITED_FIELDS = new Set(['auditLog']);
const DISCLOSURE_ARGUMENT = 'purpose';

export function cachePolicy(query: string, operationName: string | undefined): CachePolicy {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    // Apollo answers the syntax error; nothing to cache.
    return { cacheable: false, operationName: operationName ?? 'anonymous', kind: 'other' };
  }
  const operation = selectedOperation(document, operationName);
  const name = operation?.name?.value ?? operationName ?? 'anonymous';
  if (!operation) return { cacheable: false, operationName: name, kind: 'other' };
  if (operation.operation === 'mutation') return { cacheable: false, operationName: name, kind: 'mutation' };
  if (operation.operation !== 'query' || disclosesPersonalData(document)) return { cacheable: false, operationName: name, kind: 'other' };
  // Printed from the syntax tree: whitespace, commas and comments no longer tell two texts apart.
  return { cacheable: true, operationName: name, normalized: print(document) };
}

/** The operation GraphQL would run: the named one, or the only one. */
function selectedOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName !== undefined) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function disclosesPersonalData(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(field) {
      const name = field.name.value;
      if (AUDITED_FIELDS.has(name) || (field.arguments ?? []).some((a) => a.name.value === DISCLOSURE_ARGUMENT)) found = true;
    },
  });
  return found;
}
