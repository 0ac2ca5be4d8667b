import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { migrate } from '../storage/migrator';
import { dialects, type TestDatabase } from '../test-support/databases';
import { encryptFor, seedUser } from '../../bench/server/fixtures';
import { SecretIntakeService } from './secret-intake.service';
import { RecipientKeyCache } from '../crypto/secret-message';

describe.each(dialects)('secret intake on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('parses each key once, shares the ids through recipient_key_ids, and checks messages against them', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const [alice, bob] = [await seedUser(open.db), await seedUser(open.db)];
    const first = new SecretIntakeService(new RecipientKeyCache());
    const toAlice = await encryptFor(alice.publicKey, 'pw');
    expect(await first.check([{ index: 0, userId: alice.id, data: toAlice }], open.db)).toBeNull();
    expect(await first.check([{ index: 3, userId: bob.id, data: toAlice }], open.db))
      .toEqual({ 3: { data: { isEncryptedForUser: expect.any(String) } } });
    const rows = await open.db.selectFrom('recipient_key_ids').selectAll().execute();
    expect(rows).toHaveLength(2);
    const aliceSubkey = alice.publicKey.subkeys[0]!.getKeyID().toHex();
    expect(rows.map((r) => r.key_ids)).toContain(aliceSubkey);

    // A second process (fresh memory) takes the ids from the table: proven by altering the stored ids.
    await open.db.updateTable('recipient_key_ids').set({ key_ids: 'ffffffffffffffff' }).where('key_ids', '=', aliceSubkey).execute();
    const second = new SecretIntakeService(new RecipientKeyCache());
    expect(await second.check([{ index: 0, userId: alice.id, data: toAlice }], open.db)).toEqual({ 0: { data: { isEncryptedForUser: expect.any(String) } } });
    // A user without a key cannot receive secrets at all.
    await open.db.updateTable('gpgkeys').set({ deleted: 1 }).where('user_id', '=', bob.id).execute();
    expect(await second.check([{ index: 1, userId: bob.id, data: toAlice }], open.db)).toEqual({ 1: { user_id: { hasValidGpgkey: expect.any(String) } } });
  });

  it('warms the key ids of users about to receive secrets in the background', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const carol = await seedUser(open.db);
    new SecretIntakeService(new RecipientKeyCache()).warm([carol.id], open.db);
    const subkey = carol.publicKey.subkeys[0]!.getKeyID().toHex();
    const stored = async () => (await open.db.selectFrom('recipient_key_ids').select('key_ids').execute()).map((r) => r.key_ids);
    for (let i = 0; i < 100 && !(await stored()).includes(subkey); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await stored()).toEqual([subkey]);
  });
});
