// The cache's own tiny migration runner: SQLite's `user_version` records the applied schema version.
//
//   const { from, to } = migrateCache(db);          // applies CACHE_MIGRATIONS not yet applied
//
// Each migration runs in its own transaction together with the user_version bump (both commit or neither does).
// A database whose version is newer than this build knows (written by a newer Tessera) is refused with
// CacheFromTheFutureError rather than misread; the caller may delete it and sync again.
import type { Database } from 'better-sqlite3';
import { CACHE_MIGRATIONS, type CacheMigration } from './migrations';

export class CacheFromTheFutureError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`The local cache has schema version ${found}, newer than this app knows (${known}).`);
    this.name = 'CacheFromTheFutureError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkOrder(migrations: readonly CacheMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Cache migration #${i} has version ${m.version}; expected ${i + 1}.`);
  });
}

export function migrateCache(db: Database, migrations: readonly CacheMigration[] = CACHE_MIGRATIONS): { from: number; to: number } {
  checkOrder(migrations);
  const from = schemaVersion(db);
  if (from > migrations.length) throw new CacheFromTheFutureError(from, migrations.length);
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`); // an integer from our own list, not input
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
