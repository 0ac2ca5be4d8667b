import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../database';
import { migrate } from '../migrator';
import { dialects, type TestDatabase } from '../../test-support/databases';
import { isUniqueViolation } from '../unique-violation';
import { ROLE_IDS } from './0030-seed-roles';

const NOW = '2026-01-01T00:00:00+00:00';

describe.each(dialects)('0050-gpgkeys-unique-fingerprint on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('refuses a second key row with the same fingerprint, for any user, deleted or not', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    for (const id of ['u1', 'u2']) {
      await open.db.insertInto('users').values({ id, role_id: ROLE_IDS.user, username: `${id}@example.com`, active: 1, deleted: 0,
        disabled: null, locale: null, created: NOW, modified: NOW, last_logged_in: null }).execute();
    }
    const key = (id: string, userId: string, deleted: number) => ({ id, user_id: userId, armored_key: 'k', fingerprint: 'F'.repeat(40),
      key_id: 'F'.repeat(16), bits: 255, uid: 'u', type: 'EdDSA', key_created: NOW, expires: null, deleted, created: NOW, modified: NOW });
    await open.db.insertInto('gpgkeys').values(key('k1', 'u1', 1)).execute();
    const error = await open.db.insertInto('gpgkeys').values(key('k2', 'u2', 0)).execute().then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });
});
