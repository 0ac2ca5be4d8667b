// The cache migration runner and each migration, on real SQLite files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS, type CacheMigration } from './migrations';
import { CacheFromTheFutureError, migrateCache, schemaVersion } from './migrator';

const dirs: string[] = [];
const dbs: Database[] = [];
function freshDb(): Database {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-migrate-'));
  dirs.push(dir);
  const db = new BetterSqlite3(join(dir, 'cache.db'));
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tables = (db: Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]);

describe('migrateCache runner', () => {
  it('applies every migration on a new database and is a no-op the second time', () => {
    const db = freshDb();
    expect(migrateCache(db)).toEqual({ from: 0, to: CACHE_MIGRATIONS.length });
    expect(migrateCache(db)).toEqual({ from: CACHE_MIGRATIONS.length, to: CACHE_MIGRATIONS.length });
  });

  it('runs each migration in its own transaction: a failing one leaves the previous version intact', () => {
    const db = freshDb();
    const steps: CacheMigration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x)') },
      { version: 2, name: 'two', up: (d) => { d.exec('CREATE TABLE two (x)'); throw new Error('boom'); } },
    ];
    expect(() => migrateCache(db, steps)).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['one']);
    // Fixed migration applies later.
    steps[1] = { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE two (x)') };
    expect(migrateCache(db, steps)).toEqual({ from: 1, to: 2 });
  });

  it('refuses a database from a newer version of the app', () => {
    const db = freshDb();
    db.pragma(`user_version = ${CACHE_MIGRATIONS.length + 1}`);
    expect(() => migrateCache(db)).toThrow(CacheFromTheFutureError);
  });

  it('refuses a migration list with gaps or out of order', () => {
    const db = freshDb();
    expect(() => migrateCache(db, [{ version: 2, name: 'x', up: () => undefined }])).toThrow(/expected 1/);
  });
});

describe('migration 0001-initial', () => {
  it('creates the sealed tables with only ids in clear', () => {
    const db = freshDb();
    migrateCache(db, CACHE_MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['groups', 'meta', 'permissions', 'resources', 'secrets', 'users']);
    const columns = (table: string): string[] => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
    expect(columns('resources')).toEqual(['id', 'sealed']);
    expect(columns('permissions')).toEqual(['id', 'resource_id', 'sealed']);
    expect(columns('secrets')).toEqual(['resource_id', 'sealed']);
    expect(columns('meta')).toEqual(['name', 'sealed']);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'permissions_by_resource'").pluck().get()).toBe('permissions_by_resource');
  });
});
