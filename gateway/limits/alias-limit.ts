import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragment-memo';
import { limitExceeded } from './limit-error';

/**
 * Refuses operations with more than `max` aliased fields, fragments expanded. Aliases let one
 * request ask for the same field thousands of times (an alias bomb); dashboards need a handful
 * (one `overview` per city is 11).
 */
export function aliasLimitRule(max: number): ValidationRule {
  return (context) => {
    const fragmentAliases = fragmentMemo((name) => context.getFragment(name), (f) => aliasesIn(f.selectionSet), 0);
    function aliasesIn(set: SelectionSetNode | undefined): number {
      let count = 0;
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) count += (selection.alias ? 1 : 0) + aliasesIn(selection.selectionSet);
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += aliasesIn(selection.selectionSet);
        else count += fragmentAliases(selection.name.value);
      }
      return count;
    }
    return {
      OperationDefinition(operation) {
        const aliases = aliasesIn(operation.selectionSet);
        if (aliases > max) context.reportError(limitExceeded('maxAliases', max, aliases, `the operation uses ${aliases} aliases`, operation));
        return false;
      },
    };
  };
}
