import { bigint, index, notNull, zero, type AnyDb, type Dialect } from './columns';

/** Service stations, located in WGS-84. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system', 'text', notNull)
    .addColumn('source_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('host_union_id', 'text')
    .addColumn('division_code', 'text')
    .addColumn('city', 'text')
    .addColumn('address', 'text')
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('facilities', 'text', notNull)
    .addColumn('hours', 'text')
    .addColumn('upgrade_status', 'text', notNull)
    .addColumn('upgrade_year', 'integer')
    .addColumn('deleted', 'integer', zero)
    .addColumn('version', bigint(dialect), notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await index(db, 'stations_city_kind_ix', 'stations', ['city', 'kind']);
  await index(db, 'stations_host_ix', 'stations', ['host_union_id']);
}
