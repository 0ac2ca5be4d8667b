// Fresh, empty databases for storage tests: every such test runs on both SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** What `openDatabase` and the server's `--db` flag take. */
  url: string;
  drop(): Promise<void>;
}

function pgAdminUrl(): string {
  const url = process.env.TESSERA_TEST_PG_URL;
  if (!url) throw new Error('TESSERA_TEST_PG_URL is not set (the vitest global setup starts PostgreSQL)');
  return url;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  return { dialect: 'sqlite', url: join(dir, 'tessera.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const admin = pgAdminUrl();
  const name = `tessera_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The two storage back ends, for `describe.each(dialects)`. */
export const dialects = [
  { name: 'sqlite', create: createSqliteDatabase },
  { name: 'postgres', create: createPostgresDatabase },
] as const;
