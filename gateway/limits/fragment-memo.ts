import type { FragmentDefinitionNode } from 'graphql';

/**
 * A per-fragment measure, computed once per fragment however often it is spread (a document that
 * spreads fragments into fragments grows exponentially when expanded, but is measured in linear
 * time). A fragment reached again while it is being measured is a cycle, which graphql-js's own
 * NoFragmentCycles rule reports; it counts as `onCycle` here so the measure always ends.
 */
export function fragmentMemo<T>(
  getFragment: (name: string) => FragmentDefinitionNode | null | undefined,
  measure: (fragment: FragmentDefinitionNode) => T,
  onCycle: T,
): (name: string) => T {
  const done = new Map<string, T>();
  const inProgress = new Set<string>();
  return (name) => {
    const known = done.get(name);
    if (known !== undefined) return known;
    const fragment = getFragment(name);
    if (!fragment || inProgress.has(name)) return onCycle;
    inProgress.add(name);
    const value = measure(fragment);
    inProgress.delete(name);
    done.set(name, value);
    return value;
  };
}
