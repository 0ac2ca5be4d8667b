import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../database';
import { migrate } from '../migrator';
import { dialects, type TestDatabase } from '../../test-support/databases';
import { ROLE_IDS } from './0030-seed-roles';

describe.each(dialects)('0030-seed-roles on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('seeds admin, user and guest with name-based ids identical on every installation', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const rows = await open.db.selectFrom('roles').select(['id', 'name']).orderBy('name').execute();
    expect(rows).toEqual([
      { id: ROLE_IDS.admin, name: 'admin' }, { id: ROLE_IDS.guest, name: 'guest' }, { id: ROLE_IDS.user, name: 'user' },
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(ROLE_IDS.admin).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
