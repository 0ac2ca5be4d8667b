// Opens the server's database: SQLite (better-sqlite3, WAL) by default, PostgreSQL for a postgres:// URL.
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema';
import { registerPostgresPool, withNamedStatements } from './prepared-query';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch seconds and counters, all far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Prepared statements kept per connection; distinct SQL texts beyond this (IN-lists of many lengths) are evicted. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every query anew, which profiling showed as the largest single cost of a
 * small request (~15% of a secret fetch). The same SQL text always compiles to the same statement, so one
 * prepared statement per text is reused (least recently used evicted). Statements run synchronously on the
 * one connection, so a reused statement is never in use by another query.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, capacity = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

function openSqlite(file: string): OpenDatabase {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's default page cache is 2 MB; a sync page probes the permissions and resources indexes for 1,000 random
  // ids, and past some 20,000 resources those indexes no longer fit, so each probe went back to the file. 64 MB
  // holds them at 100,000 (the SQL of a page: 18 -> 14 ms there); the cache fills only as far as the data goes.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, poolSize: number): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle pooled connection that the database ends (restart, failover, an administrator) emits 'error' on the
  // pool; without a listener Node treats it as uncaught and the whole server exits. The pool drops that
  // connection and opens a new one on the next query, so there is nothing else to do.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  registerPostgresPool(db, pool);
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** `target` is a postgres:// URL or a SQLite file path (`:memory:` for tests that need no file). */
export function openDatabase(target: string, options: { poolSize?: number } = {}): OpenDatabase {
  return isPostgresUrl(target) ? openPostgres(target, options.poolSize ?? 10) : openSqlite(target);
}
