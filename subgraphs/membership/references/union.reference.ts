/**
 * Any union id is answerable: its counts are read when asked (zero for a union without active
 * members). Whether the union exists is organizations' business.
 */
export function resolveUnionReference(reference: { id: string }): { id: string } {
  return { id: reference.id };
}
