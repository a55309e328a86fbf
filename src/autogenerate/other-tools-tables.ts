/** Other migration tools' bookkeeping tables (SPEC, "Adopting an existing database"): never dropped, never drift. */

/** Alembic, Knex, Drizzle, Prisma, Kysely, Flyway, and Rails/golang-migrate/dbmate (`schema_migrations`). */
export const OTHER_TOOLS_TABLES: ReadonlyArray<string> = Object.freeze([
  'alembic_version',
  'knex_migrations',
  'knex_migrations_lock',
  '__drizzle_migrations',
  '_prisma_migrations',
  'kysely_migration',
  'kysely_migration_lock',
  'flyway_schema_history',
  'schema_migrations',
]);

const LOWER = new Set(OTHER_TOOLS_TABLES);

/** True for another tool's bookkeeping table (names compared as SQLite does, ignoring ASCII case). */
export function isOtherToolsTable(name: string): boolean {
  return LOWER.has(name.toLowerCase());
}
