import type { AnyDb, Dialect } from './columns';

/** Schema for monitoring results and signals (passive monitoring). */
export async function up(_db: AnyDb, _dialect: Dialect): Promise<void> {
  // Reserved for the work in progress on this domain; it is filled before its first release.
  // Once released, a migration is never edited: later changes go into a new file.
}
