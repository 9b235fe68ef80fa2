import { autoId, index, notNull, sql, type AnyDb, type Dialect } from './columns';

/**
 * Schema for the disclosure audit log (PIPL: proof of who saw which personal data, and why).
 *
 * `audit_log` gets one row per disclosure of a full ID number or mobile, written before the value
 * is returned. It is append-only in the store itself, not only in the code: triggers refuse every
 * UPDATE and DELETE (and TRUNCATE on PostgreSQL), so neither a bug nor a hand-typed statement can
 * rewrite the record of who saw what.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await autoId(db.schema.createTable('audit_log'), dialect, 'id')
    .addColumn('at', 'text', notNull) // ISO 8601 UTC, when the value was disclosed
    .addColumn('subject', 'text', notNull) // the token's subject
    .addColumn('role', 'text', notNull)
    .addColumn('city', 'text') // the caller's city (a CITY_ADMIN's), null for province-wide roles
    .addColumn('member_id', 'text', notNull)
    .addColumn('field', 'text', notNull) // ID_NUMBER or MOBILE
    .addColumn('purpose', 'text', notNull)
    .addColumn('request_id', 'text', notNull)
    .execute();
  // Newest first by id, filtered by member or by who asked.
  await index(db, 'audit_log_member_ix', 'audit_log', ['member_id', 'id']);
  await index(db, 'audit_log_subject_ix', 'audit_log', ['subject', 'id']);
  await index(db, 'audit_log_at_ix', 'audit_log', ['at']);

  if (dialect === 'postgres') await appendOnlyPostgres(db);
  else await appendOnlySqlite(db);
}

const REFUSAL = 'audit_log is append-only: rows are never changed or deleted';

async function appendOnlySqlite(db: AnyDb): Promise<void> {
  for (const op of ['UPDATE', 'DELETE']) {
    await sql
      .raw(`CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`)
      .execute(db);
  }
}

async function appendOnlyPostgres(db: AnyDb): Promise<void> {
  // Created in the first schema of the search path, next to the table (tests use one schema each).
  await sql
    .raw(`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`)
    .execute(db);
  await sql.raw('CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()').execute(db);
  await sql.raw('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()').execute(db);
}
