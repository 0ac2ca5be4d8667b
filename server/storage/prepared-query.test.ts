// PreparedQuery against both databases: the compiled-once statement binds new values each run, keeps the
// query's own constants, works inside transactions, and refuses a builder that does not use a placeholder.
// On PostgreSQL it runs as a named server-side prepared statement, and nothing else does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { dialects, type TestDatabase } from '../test-support/databases';
import { openDatabase, type OpenDatabase } from './database';
import { migrate } from './migrator';
import type { Database } from './schema';
import { PreparedQuery, preparedStatementName } from './prepared-query';

const settingByName = new PreparedQuery(['property', 'minimum'], (db: Kysely<Database>, p) => db.selectFrom('organization_settings')
  .select(['property', 'value']).where('property', '=', p.property).where('value', '>=', p.minimum).where('id', '!=', 'never'));

describe.each(dialects)('PreparedQuery on $name', ({ name, create }) => {
  let database: TestDatabase;
  let store: OpenDatabase;
  beforeAll(async () => {
    database = await create();
    store = openDatabase(database.url);
    await migrate(store.db, store.dialect);
    const now = '2026-11-22T00:00:00+00:00';
    await store.db.insertInto('organization_settings').values([
      { id: 'a', property: 'alpha', value: 'm', created: now, modified: now, created_by: 'x', modified_by: 'x' },
      { id: 'b', property: 'beta', value: 'z', created: now, modified: now, created_by: 'x', modified_by: 'x' },
    ]).execute();
  });
  afterAll(async () => { await store?.close(); await database?.drop(); });

  it('binds fresh values on every run', async () => {
    expect(await settingByName.execute(store.db, { property: 'alpha', minimum: 'a' })).toEqual([{ property: 'alpha', value: 'm' }]);
    expect(await settingByName.execute(store.db, { property: 'beta', minimum: 'a' })).toEqual([{ property: 'beta', value: 'z' }]);
    expect(await settingByName.executeTakeFirst(store.db, { property: 'alpha', minimum: 'n' })).toBeUndefined();
    // A value that looks like SQL is only ever a value.
    expect(await settingByName.execute(store.db, { property: "alpha' OR '1'='1", minimum: '' })).toEqual([]);
  });

  it('runs inside a transaction', async () => {
    const rows = await store.db.transaction().execute((trx) => settingByName.execute(trx, { property: 'beta', minimum: 'y' }));
    expect(rows).toEqual([{ property: 'beta', value: 'z' }]);
  });

  it(`refuses a placeholder the query does not use (${name})`, async () => {
    const broken = new PreparedQuery(['unused'], (db: Kysely<Database>) => db.selectFrom('organization_settings').select('id'));
    await expect(broken.execute(store.db, { unused: 'x' })).rejects.toThrow(/placeholder unused/);
  });

  it.runIf(name === 'postgres')('runs as a named prepared statement on PostgreSQL, and other queries do not', async () => {
    // pg_prepared_statements lists the statements of the current connection: a transaction keeps to one.
    const seen = await store.db.transaction().execute(async (trx) => {
      await settingByName.execute(trx, { property: 'alpha', minimum: 'a' });
      await settingByName.execute(trx, { property: 'beta', minimum: 'a' });
      await trx.selectFrom('organization_settings').select('id').where('property', '=', 'alpha').execute();
      const rows = await sql<{ name: string; statement: string; parameter_types: string[] | string }>`
        select name, statement, parameter_types from pg_prepared_statements`.execute(trx);
      return rows.rows;
    });
    const compiled = settingByName.compiledSql(store.db);
    const expectedName = preparedStatementName(compiled);
    expect(expectedName).toMatch(/^tessera_[0-9a-f]{32}$/);
    expect(seen.filter((r) => r.name === expectedName).map((r) => r.statement)).toEqual([compiled]);
    // The plain Kysely query left no statement behind (pg's unnamed statements are not listed).
    expect(seen.filter((r) => r.statement.includes('organization_settings') && r.statement !== compiled)).toEqual([]);
  });

  it.runIf(name === 'postgres')('on the root database, runs straight on a pooled connection, and gives it back after a failure', async () => {
    // One connection: the statement the direct path prepared is the one pg_prepared_statements lists, and a
    // statement that fails must not keep that connection (the next query would wait forever).
    const single = openDatabase(database.url, { poolSize: 1 });
    try {
      expect(await settingByName.execute(single.db, { property: 'beta', minimum: 'a' })).toEqual([{ property: 'beta', value: 'z' }]);
      const listed = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(single.db);
      expect(listed.rows.map((r) => r.name)).toContain(preparedStatementName(settingByName.compiledSql(single.db)));
      const failing = new PreparedQuery(['active'], (db: Kysely<Database>, p) => db.selectFrom('users').select('id')
        .where('active', '=', p.active as unknown as number));
      await expect(failing.execute(single.db, { active: 'not a number' })).rejects.toThrow(/integer/);
      expect(await settingByName.executeTakeFirst(single.db, { property: 'alpha', minimum: 'a' })).toEqual({ property: 'alpha', value: 'm' });
    } finally {
      await single.close();
    }
  });

  it('gives each distinct statement its own name', () => {
    const other = new PreparedQuery(['property'], (db: Kysely<Database>, p) => db.selectFrom('organization_settings').select('value')
      .where('property', '=', p.property));
    const a = preparedStatementName(settingByName.compiledSql(store.db));
    const b = preparedStatementName(other.compiledSql(store.db));
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(preparedStatementName('select 1')).toBeUndefined();
  });
});
