/** Any union id is answerable: its stations are read when asked (none for an unknown union). */
export function resolveUnionReference(reference: { id: string }): { id: string } {
  return { id: reference.id };
}
