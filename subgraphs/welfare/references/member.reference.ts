/** Any member id is answerable: its enrollments are read when asked (none for an unknown member). */
export function resolveMemberReference(reference: { id: string }): { id: string } {
  return { id: reference.id };
}
