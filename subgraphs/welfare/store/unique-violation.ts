/**
 * Whether a store error is a unique-constraint violation on the named index or constraint:
 * PostgreSQL names it (`violates unique constraint "enrollments_holder_uq"`, code 23505); SQLite
 * names the columns (`UNIQUE constraint failed: enrollments.program_id, …`).
 */
export function isUniqueViolation(error: unknown, pgName: string, sqliteColumns: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (code === '23505') return error.message.includes(`"${pgName}"`);
  return error.message.includes('UNIQUE constraint failed') && error.message.includes(sqliteColumns);
}
