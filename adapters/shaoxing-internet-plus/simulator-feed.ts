import type Database from 'better-sqlite3';
import type { ApplicationRow, EnterpriseRow, MemberRow, StationRow, UnionRow } from '../synthetic-province/store';

/**
 * The simulator's change feed over province.sqlite: every row Shaoxing owns, as one list in commit
 * order (updatedAt, then record type, then id). The data file holds each record's latest commit,
 * so the feed is a compacted log: a record that changes moves to the end. On top of the file the
 * simulator keeps, in memory, commits made while it runs (changes while a client pages) and the
 * whole history of a few short-lived records (created, then deleted), so the file stays exactly
 * what the generator wrote.
 */
export const SHAOXING_SYSTEM = 'shaoxing-internet-plus';

/** Sorted by name: the tie-breaker after updatedAt. */
export const FEED_TYPES = ['application', 'enterprise', 'member', 'station', 'union'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

export interface RowByType {
  application: ApplicationRow;
  enterprise: EnterpriseRow;
  member: MemberRow;
  station: StationRow;
  union: UnionRow;
}
export type FeedRow = RowByType[FeedType];

const TABLE: Record<FeedType, string> = {
  application: 'applications', enterprise: 'enterprises', member: 'members', station: 'stations', union: 'unions',
};

export interface FeedEntry {
  type: FeedType;
  id: string;
  /** The commit instant, stored form (UTC ISO with milliseconds). */
  updatedAt: string;
  deleted: boolean;
  row: FeedRow;
}

/** A place in the feed: just after the entry it names ('' = before everything). */
export interface Position {
  updatedAt: string;
  type: string;
  id: string;
}

export const BEGINNING: Position = { updatedAt: '', type: '', id: '' };

export function comparePositions(a: Position, b: Position): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? -1 : 1;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function positionOf(e: FeedEntry): Position {
  return { updatedAt: e.updatedAt, type: e.type, id: e.id };
}

function keyOf(type: string, id: string): string {
  return `${type}:${id}`;
}

function entryOf(type: FeedType, row: FeedRow): FeedEntry {
  return { type, id: row.id, updatedAt: row.updated_at, deleted: row.deleted === 1, row };
}

export interface FeedPage {
  entries: FeedEntry[];
  hasMore: boolean;
}

export class ShaoxingFeed {
  /** Commits made while the simulator runs; each replaces the file's row of the same record. */
  private readonly overlay = new Map<string, FeedEntry>();
  private readonly statements = new Map<string, Database.Statement<unknown[], FeedRow>>();
  private lastCommitMs: number;

  /** `history`: commits of records the file does not hold (short-lived records), any order. */
  constructor(private readonly db: Database.Database, private readonly history: readonly FeedEntry[]) {
    const latest = [...FEED_TYPES.map((t) => this.latestInFile(t)), ...history.map((e) => e.updatedAt)].filter((v) => v !== '').sort();
    this.lastCommitMs = latest.length > 0 ? Date.parse(latest[latest.length - 1]) : 0;
  }

  /** Up to `limit` entries after `after`, and whether more follow. */
  page(after: Position, limit: number): FeedPage {
    const candidates: FeedEntry[] = [];
    for (const type of FEED_TYPES) {
      // Rows replaced by a newer commit are skipped below: ask for enough to still fill the page.
      const rows = this.statement(type, after).all(...this.parameters(type, after), limit + 1 + this.overlay.size);
      for (const row of rows) if (!this.overlay.has(keyOf(type, row.id))) candidates.push(entryOf(type, row));
    }
    for (const e of this.history) if (comparePositions(positionOf(e), after) > 0) candidates.push(e);
    for (const e of this.overlay.values()) if (comparePositions(positionOf(e), after) > 0) candidates.push(e);
    candidates.sort((a, b) => comparePositions(positionOf(a), positionOf(b)));
    return { entries: candidates.slice(0, limit), hasMore: candidates.length > limit };
  }

  /** The record's current state (latest commit), from the overlay or the file. */
  current(type: FeedType, id: string): FeedEntry | null {
    const committed = this.overlay.get(keyOf(type, id));
    if (committed) return committed;
    const row = this.fileRow(type, id);
    return row ? entryOf(type, row) : null;
  }

  /** The record as the data file holds it, or null when the file has no such Shaoxing record. */
  fileRow<T extends FeedType>(type: T, id: string): RowByType[T] | null {
    const row = this.db.prepare(`SELECT * FROM ${TABLE[type]} WHERE id = ? AND system = ?`).get(id, SHAOXING_SYSTEM);
    return (row as RowByType[T] | undefined) ?? null;
  }

  /** Commits a new state of a record now: it moves to the end of the feed. */
  commit<T extends FeedType>(type: T, row: RowByType[T]): FeedEntry {
    this.lastCommitMs = Math.max(Date.now(), this.lastCommitMs + 1);
    const updatedAt = new Date(this.lastCommitMs).toISOString();
    const entry = entryOf(type, { ...row, updated_at: updatedAt });
    this.overlay.set(keyOf(type, row.id), entry);
    return entry;
  }

  private latestInFile(type: FeedType): string {
    const row = this.db.prepare(`SELECT MAX(updated_at) AS latest FROM ${TABLE[type]} WHERE system = ?`).get(SHAOXING_SYSTEM) as { latest: string | null };
    return row.latest ?? '';
  }

  /**
   * Keyset over (updated_at, id) within one table, placed against the cursor's (updatedAt, type,
   * id): a table whose type sorts after the cursor's also includes the cursor's instant itself.
   */
  private variant(type: FeedType, after: Position): 'all' | 'from' | 'after-pair' | 'after' {
    if (after.updatedAt === '') return 'all';
    if (type > after.type) return 'from';
    return type === after.type ? 'after-pair' : 'after';
  }

  private parameters(type: FeedType, after: Position): unknown[] {
    switch (this.variant(type, after)) {
      case 'all': return [SHAOXING_SYSTEM];
      case 'from': return [SHAOXING_SYSTEM, after.updatedAt];
      case 'after-pair': return [SHAOXING_SYSTEM, after.updatedAt, after.id];
      case 'after': return [SHAOXING_SYSTEM, after.updatedAt];
    }
  }

  private statement(type: FeedType, after: Position): Database.Statement<unknown[], FeedRow> {
    const variant = this.variant(type, after);
    const key = `${type}:${variant}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      const table = TABLE[type];
      const where = {
        all: '',
        from: 'AND updated_at >= ?',
        'after-pair': 'AND (updated_at, id) > (?, ?)',
        after: 'AND updated_at > ?',
      }[variant];
      stmt = this.db.prepare<unknown[], FeedRow>(
        `SELECT * FROM ${table} INDEXED BY ${table}_keyset WHERE system = ? ${where} ORDER BY updated_at, id LIMIT ?`,
      );
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}
