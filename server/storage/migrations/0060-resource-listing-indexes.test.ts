import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from '../database';
import { migrate } from '../migrator';
import { migrations } from './index';
import { dialects, type TestDatabase } from '../../test-support/databases';

async function indexNames(open: OpenDatabase, table: string): Promise<string[]> {
  const rows = open.dialect === 'sqlite'
    ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table}`.execute(open.db)
    : await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = ${table}`.execute(open.db);
  return rows.rows.map((r) => r.name);
}

describe.each(dialects)('0060-resource-listing-indexes on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('adds the listing indexes to a database at 0050 and replaces the narrower permissions index', async () => {
    target = await create();
    open = openDatabase(target.url);
    const upTo0050 = migrations.slice(0, migrations.findIndex((m) => m.name === '0060-resource-listing-indexes'));
    await migrate(open.db, open.dialect, upTo0050);
    expect(await indexNames(open, 'permissions')).toContain('permissions_aro_fk');

    expect(await migrate(open.db, open.dialect)).toContain('0060-resource-listing-indexes');
    expect(await indexNames(open, 'resources')).toEqual(expect.arrayContaining(['resources_live_created', 'resources_live_modified', 'resources_live_name']));
    const permissionIndexes = await indexNames(open, 'permissions');
    expect(permissionIndexes).toContain('permissions_aro_resource_type');
    expect(permissionIndexes).not.toContain('permissions_aro_fk');
    expect(await migrate(open.db, open.dialect)).toEqual([]);
  });
});
