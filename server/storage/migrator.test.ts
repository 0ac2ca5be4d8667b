import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from './database';
import { migrate } from './migrator';
import { migrations, type MigrationDb } from './migrations/index';
import { dialects, type TestDatabase } from '../test-support/databases';

const expectedTables = [
  'authentication_tokens', 'favorites', 'gpgkeys', 'groups', 'groups_users', 'mail_queue', 'organization_settings',
  'permissions', 'profiles', 'rate_limits', 'recipient_key_ids', 'refresh_tokens', 'resource_types', 'resources', 'roles', 'secrets',
  'tessera_migrations', 'used_verify_tokens', 'users',
];

async function columnsOf(open: OpenDatabase): Promise<Record<string, string[]>> {
  const tables = await open.db.introspection.getTables();
  return Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
}

describe.each(dialects)('migrations on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('builds every table, records each migration, and is a no-op the second time', async () => {
    target = await create();
    open = openDatabase(target.url);
    expect(await migrate(open.db, open.dialect)).toEqual(migrations.map((m) => m.name));
    expect(await migrate(open.db, open.dialect)).toEqual([]);
    const cols = await columnsOf(open);
    expect(Object.keys(cols).sort()).toEqual(expectedTables);
    expect(cols.secrets).toEqual(['created', 'created_by', 'data', 'id', 'modified', 'modified_by', 'resource_id', 'user_id']);
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    target = await create();
    open = openDatabase(target.url);
    const failing = { name: '9990-broken', up: async (db: MigrationDb) => {
      await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
      throw new Error('boom');
    } };
    await expect(migrate(open.db, open.dialect, [...migrations, failing])).rejects.toThrow('boom');
    const names = await sql<{ name: string }>`SELECT name FROM tessera_migrations`.execute(open.db);
    expect(names.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    expect((await open.db.introspection.getTables()).map((t) => t.name)).not.toContain('half_done');
  });

  it('refuses a database written by a newer server', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    await sql`INSERT INTO tessera_migrations (name, applied) VALUES ('9999-future', 'x')`.execute(open.db);
    await expect(migrate(open.db, open.dialect)).rejects.toThrow(/does not know: 9999-future/);
  });
});

describe('schema parity', () => {
  it('gives SQLite and PostgreSQL the same tables and columns', async () => {
    const [a, b] = [await dialects[0].create(), await dialects[1].create()];
    const [da, db] = [openDatabase(a.url), openDatabase(b.url)];
    try {
      await migrate(da.db, da.dialect);
      await migrate(db.db, db.dialect);
      expect(await columnsOf(da)).toEqual(await columnsOf(db));
    } finally {
      await da.close(); await db.close(); await a.drop(); await b.drop();
    }
  });
});
