// The start-up self-check (startup-self-check.ts), on both databases: a server process still starts and logs its
// ready line after the check passed, the check writes nothing to the database, and it stops a start whose server
// key cannot do the login's OpenPGP work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { dialects, type TestDatabase } from './test-support/databases';
import { installFixtureKeys } from './test-support/fixture-keys';
import { startServerProcess } from './test-support/server-process';
import { TestClient } from './test-support/test-client';
import { buildDeps, type Deps } from './composition';
import { configFromOptions } from './config';
import { openDatabase } from './storage/database';
import { migrate } from './storage/migrator';
import type { Database } from './storage/schema';
import { runStartupSelfCheck } from './startup-self-check';

/** Every row of every table, as text: equal snapshots mean nothing was written. */
async function snapshot(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<string> {
  const tables = dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows
    : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db)).rows;
  expect(tables.length).toBeGreaterThan(10);
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) dump[name] = (await sql`select * from ${sql.table(name)}`.execute(db)).rows.map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(dump);
}

describe.each(dialects)('start-up self-check on $name', ({ name, create }) => {
  let database: TestDatabase;
  let dataDir: string;
  let deps: Deps;

  beforeAll(async () => {
    database = await create();
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-selfcheck-'));
    await installFixtureKeys(dataDir);
    const config = configFromOptions({ data: dataDir, db: database.url, host: '127.0.0.1', port: '0' }, {});
    deps = await buildDeps(config);
  });
  afterAll(async () => { await deps?.close(); await database?.drop(); if (dataDir) rmSync(dataDir, { recursive: true, force: true }); });

  it('passes and writes nothing to the database', async () => {
    const before = await snapshot(deps.db, name);
    await runStartupSelfCheck(deps, { secretBatch: 50 });
    expect(await snapshot(deps.db, name)).toBe(before);
  });

  it('stops the start when the server key cannot open a login challenge', async () => {
    // A server key whose public half is another key's: challenges encrypted to it cannot be opened.
    const other = await generateKey({ type: 'curve25519', userIDs: [{ name: 'Not the server' }], format: 'object' });
    const broken = { ...deps, keys: { ...deps.keys, server: { ...deps.keys.server, publicKey: other.publicKey } } };
    await expect(runStartupSelfCheck(broken, { secretBatch: 5 })).rejects.toThrow(/self-check failed: the server key cannot open a login challenge/);
  });

  it('runs in a real start: the server answers after "self-check passed" and the ready line, and wrote nothing', async () => {
    // Migrated beforehand, so whatever changes after this snapshot would be the start's own writes.
    const store = openDatabase(database.url);
    let server: Awaited<ReturnType<typeof startServerProcess>> | null = null;
    try {
      await migrate(store.db, store.dialect);
      const before = await snapshot(store.db, name);
      server = await startServerProcess({ db: database.url });
      const lines = server.output().split('\n');
      const checked = lines.findIndex((l) => l.includes('start-up self-check passed'));
      const ready = lines.findIndex((l) => l.includes('Tessera server ready at'));
      expect(checked).toBeGreaterThanOrEqual(0);
      expect(ready).toBeGreaterThan(checked);
      expect((await new TestClient(server.url).get('/healthcheck/status.json')).status).toBe(200);
      expect(await snapshot(store.db, name)).toBe(before);
    } finally {
      await server?.stop();
      await store.close();
    }
  });
});
