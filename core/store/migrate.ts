import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './database';
import * as ingest from './migrations/001_ingest';
import * as organizations from './migrations/002_organizations';
import * as membership from './migrations/003_membership';
import * as stations from './migrations/004_stations';
import * as activities from './migrations/005_activities';
import * as welfare from './migrations/006_welfare';
import * as monitoring from './migrations/007_monitoring';
import * as stationsSpatial from './migrations/008_stations_spatial';
import * as welfareEnrollment from './migrations/009_welfare_enrollment';
import * as membershipView from './migrations/010_membership_view';
import * as cityAdapters from './migrations/011_city_adapters';
import * as security from './migrations/012_security';
import * as memberStats from './migrations/013_member_stats';
import * as changeLogIndexes from './migrations/014_change_log_indexes';
import * as memberOccupationBits from './migrations/015_member_occupation_bits';
import type { AnyDb, Dialect } from './migrations/columns';

type DomainMigration = { up(db: AnyDb, dialect: Dialect): Promise<void> };

/** Migrations per domain, in the order they must run. Names are stable: never rename one. */
const MIGRATIONS: Array<[string, DomainMigration]> = [
  ['001_ingest', ingest],
  ['002_organizations', organizations],
  ['003_membership', membership],
  ['004_stations', stations],
  ['005_activities', activities],
  ['006_welfare', welfare],
  ['007_monitoring', monitoring],
  ['008_stations_spatial', stationsSpatial],
  ['009_welfare_enrollment', welfareEnrollment],
  ['010_membership_view', membershipView],
  ['011_city_adapters', cityAdapters],
  ['012_security', security],
  ['013_member_stats', memberStats],
  ['014_change_log_indexes', changeLogIndexes],
  ['015_member_occupation_bits', memberOccupationBits],
];

class DomainMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of MIGRATIONS) out[name] = { up: (db) => m.up(db, this.dialect) };
    return out;
  }
}

/** Brings the store's schema up to date; safe to call at every start. */
export async function migrate(store: Store): Promise<string[]> {
  // Kysely looks for its bookkeeping table across all schemas; naming ours keeps hubs that share
  // one PostgreSQL database in different schemas (tests, tenants) from seeing each other's.
  const migrator = new Migrator({
    db: store.db,
    provider: new DomainMigrations(store.dialect),
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
