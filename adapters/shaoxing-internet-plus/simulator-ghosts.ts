import type Database from 'better-sqlite3';
import { parseResidentId } from '../../core/identity/resident-id';
import type { ApplicationRow, MemberRow, StationRow } from '../synthetic-province/store';
import { SHAOXING_SYSTEM, type FeedEntry, type FeedType, type RowByType } from './simulator-feed';

/**
 * Short-lived records: a few that Shaoxing created and deleted again, so the feed carries real
 * `op="delete"` records and a client must apply both commits in order to end where the ground
 * truth is (none of them exists at the end). They are derived from the data file, the same every
 * run: a member registered twice in the same union (the duplicate removed a minute later), a
 * temporary station (closed), a formation application submitted twice (the second withdrawn).
 * Their ids use a 9 after the prefix, a range the generator never reaches.
 */
const CREATED_AFTER_MS = 60_000;
const DELETED_AFTER_MS = 120_000;

function later(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

function lifeOf<T extends FeedType>(type: T, original: RowByType[T], id: string, changes: Partial<RowByType[T]> = {}): FeedEntry[] {
  const created = { ...original, ...changes, id, updated_at: later(original.updated_at, CREATED_AFTER_MS), deleted: 0 };
  const deleted = { ...created, updated_at: later(original.updated_at, DELETED_AFTER_MS), deleted: 1 };
  return [
    { type, id, updatedAt: created.updated_at, deleted: false, row: created },
    { type, id, updatedAt: deleted.updated_at, deleted: true, row: deleted },
  ];
}

function validDocument(row: MemberRow): boolean {
  return row.id_type !== 'RESIDENT_ID' || parseResidentId(row.id_number).ok;
}

/** Every commit of the short-lived records; `skipMember` keeps out people whose name is spelled specially. */
export function shortLivedRecords(db: Database.Database, skipMember: (id: string) => boolean): FeedEntry[] {
  const pick = <R>(sql: string) => db.prepare<[string], R>(sql).all(SHAOXING_SYSTEM);
  const members = pick<MemberRow>(
    "SELECT * FROM members WHERE system = ? AND deleted = 0 AND status = 'ACTIVE' AND CAST(substr(id, 5) AS INTEGER) % 40 = 7 ORDER BY id",
  ).filter((m) => validDocument(m) && !skipMember(m.id));
  const stations = pick<StationRow>('SELECT * FROM stations WHERE system = ? AND deleted = 0 AND CAST(substr(id, 5) AS INTEGER) % 80 = 3 ORDER BY id');
  const applications = pick<ApplicationRow>('SELECT * FROM applications WHERE system = ? AND deleted = 0 ORDER BY id LIMIT 2');
  return [
    ...members.flatMap((m, i) => lifeOf('member', m, `SXHY9${String(i + 1).padStart(6, '0')}`)),
    ...stations.flatMap((s, i) => lifeOf('station', s, `SXZD9${String(i + 1).padStart(5, '0')}`, { name: `${s.name}（临时点）` })),
    ...applications.flatMap((a, i) => lifeOf('application', a, `SXSQ9${String(i + 1).padStart(5, '0')}`, { stage: 'SUBMITTED', union_id: null })),
  ];
}
