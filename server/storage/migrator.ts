// Applies pending migrations, each in its own transaction. On PostgreSQL an advisory lock serialises
// several server processes starting at once against the same database.
import { sql } from 'kysely';
import { migrations as defaultMigrations, type Migration, type MigrationDb } from './migrations/index';
import type { Dialect } from './database';

const LOCK_ID = 7_301_924_455;

async function ensureLedger(db: MigrationDb): Promise<void> {
  await db.schema.createTable('tessera_migrations').ifNotExists()
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('applied', 'varchar(32)', (c) => c.notNull())
    .execute();
}

async function isApplied(db: MigrationDb, name: string): Promise<boolean> {
  const row = await sql<{ name: string }>`SELECT name FROM tessera_migrations WHERE name = ${name}`.execute(db);
  return row.rows.length > 0;
}

/** Returns the names of the migrations it applied. Refuses a database migrated by a newer server. */
export async function migrate(db: MigrationDb, dialect: Dialect, list: readonly Migration[] = defaultMigrations): Promise<string[]> {
  await ensureLedger(db);
  const known = new Set(list.map((m) => m.name));
  const applied = await sql<{ name: string }>`SELECT name FROM tessera_migrations`.execute(db);
  const unknown = applied.rows.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`Database has migrations this server does not know: ${unknown.join(', ')}`);
  const done: string[] = [];
  for (const m of list) {
    const ran = await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOCK_ID})`.execute(trx);
      if (await isApplied(trx, m.name)) return false;
      await m.up(trx);
      await sql`INSERT INTO tessera_migrations (name, applied) VALUES (${m.name}, ${new Date().toISOString()})`.execute(trx);
      return true;
    });
    if (ran) done.push(m.name);
  }
  return done;
}
