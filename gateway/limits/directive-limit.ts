import { Kind, type DirectiveNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragment-memo';
import { limitExceeded } from './limit-error';

/** Refuses operations carrying more than `max` directives (@include, @skip, …), fragments expanded. */
export function directiveLimitRule(max: number): ValidationRule {
  return (context) => {
    const fragmentDirectives = fragmentMemo(
      (name) => context.getFragment(name),
      (f) => count(f.directives) + directivesIn(f.selectionSet),
      0,
    );
    function directivesIn(set: SelectionSetNode | undefined): number {
      let total = 0;
      for (const selection of set?.selections ?? []) {
        total += count(selection.directives);
        if (selection.kind === Kind.FRAGMENT_SPREAD) total += fragmentDirectives(selection.name.value);
        else total += directivesIn(selection.selectionSet);
      }
      return total;
    }
    return {
      OperationDefinition(operation) {
        const directives = count(operation.directives) + directivesIn(operation.selectionSet);
        if (directives > max) {
          context.reportError(limitExceeded('maxDirectives', max, directives, `the operation uses ${directives} directives`, operation));
        }
        return false;
      },
    };
  };
}

function count(directives: readonly DirectiveNode[] | undefined): number {
  return directives?.length ?? 0;
}
