import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragment-memo';
import { limitExceeded } from './limit-error';

/** Refuses operations nested deeper than `max` fields, fragments expanded (`{ a { b } }` is 2 deep). */
export function depthLimitRule(max: number): ValidationRule {
  return (context) => {
    const fragmentDepth = fragmentMemo((name) => context.getFragment(name), (f) => depthOf(f.selectionSet), 0);
    function depthOf(set: SelectionSetNode | undefined): number {
      let deepest = 0;
      for (const selection of set?.selections ?? []) {
        const depth =
          selection.kind === Kind.FIELD ? 1 + depthOf(selection.selectionSet)
          : selection.kind === Kind.INLINE_FRAGMENT ? depthOf(selection.selectionSet)
          : fragmentDepth(selection.name.value);
        if (depth > deepest) deepest = depth;
      }
      return deepest;
    }
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > max) context.reportError(limitExceeded('maxDepth', max, depth, `the operation is nested ${depth} fields deep`, operation));
        return false;
      },
    };
  };
}
