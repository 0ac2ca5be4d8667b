import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../database';
import { migrate } from '../migrator';
import { dialects, type TestDatabase } from '../../test-support/databases';

describe.each(dialects)('0040-recipient-key-ids on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('creates the table keyed by the armored key digest, refusing a second row for one key', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const row = { armored_sha256: 'a'.repeat(64), key_ids: '0123456789abcdef', created: '2026-11-22T00:00:00+00:00' };
    await open.db.insertInto('recipient_key_ids').values(row).execute();
    await expect(open.db.insertInto('recipient_key_ids').values({ ...row, key_ids: 'x' }).execute()).rejects.toThrow();
    await open.db.insertInto('recipient_key_ids').values({ ...row, key_ids: 'x' })
      .onConflict((oc) => oc.column('armored_sha256').doNothing()).execute();
    expect(await open.db.selectFrom('recipient_key_ids').selectAll().execute()).toEqual([row]);
  });
});
