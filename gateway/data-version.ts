import { sql } from 'kysely';
import type { Store } from '../core/store/database';

/**
 * One string that changes whenever data the gateway serves changes: the response cache keeps an
 * answer only while it stays the same. Every part is cheap (a primary-key maximum or a tiny
 * table), because it is read up to once per `staleMs` while requests arrive.
 *
 * Which write path moves which part:
 * - ingest apply (members, unions, enterprises, stations, activities, formation applications,
 *   deletions): `change_log` (adapters/pipeline/writers/change-log.ts), in the batch's transaction;
 * - sync status, counts and dead letters shown under `sources`: the `sources` row (tiny table);
 * - data issues found while applying: `data_issues.id`;
 * - monitoring verdicts (union_health and its history): the run saves its watermark with a new
 *   `evaluated_at` in the same transaction (core/monitoring/run.ts);
 * - welfare: enroll / enrollChild add an `enrollments` row, cancelEnrollment sets `cancelled_at`,
 *   program writes set `welfare_programs.updated_at`, welfare attributes append to
 *   `member_welfare_attribute_log`. None of these write the change log, hence their own parts.
 *
 * On PostgreSQL change-log seqs are handed out before commit, so a batch can commit a seq lower
 * than one already seen and leave max(seq) where it was; the count of the newest seqs catches it
 * (SQLite has one writer at a time: seqs commit in order there).
 */
const RECENT_SEQS = 20_000;

export async function readDataVersion(store: Store): Promise<string> {
  const recent = store.dialect === 'postgres'
    ? sql`(SELECT count(*) FROM change_log WHERE seq > (SELECT coalesce(max(seq), 0) FROM change_log) - ${RECENT_SEQS})`
    : sql`0`;
  const result = await sql<Record<string, unknown>>`SELECT
      (SELECT max(seq) FROM change_log) AS change_seq,
      ${recent} AS change_recent,
      (SELECT max(evaluated_at) FROM monitoring_watermarks) AS monitoring,
      (SELECT max(id) FROM data_issues) AS issues,
      (SELECT max(id) FROM dead_letters) AS dead_letters,
      (SELECT sum(records_applied + records_unchanged + dead_letters) FROM sources) AS source_counts,
      (SELECT max(last_sync_started_at) FROM sources) AS sync_started,
      (SELECT max(last_sync_finished_at) FROM sources) AS sync_finished,
      (SELECT count(last_error) FROM sources) AS sync_errors,
      (SELECT count(*) FROM enrollments) AS enrollments,
      (SELECT max(cancelled_at) FROM enrollments) AS cancelled,
      (SELECT max(updated_at) FROM welfare_programs) AS programs,
      (SELECT count(*) FROM welfare_programs) AS program_count,
      (SELECT max(id) FROM member_welfare_attribute_log) AS welfare_attributes`.execute(store.db);
  // Values only, in column order: numbers and strings read the same on both dialects.
  return Object.values(result.rows[0] ?? {}).map((v) => (v === null || v === undefined ? '' : String(v))).join('|');
}
