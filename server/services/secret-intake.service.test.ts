import { randomUUID } from 'node:crypto';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { migrate } from '../storage/migrator';
import { dialects, type TestDatabase } from '../test-support/databases';
import { encryptFor, makeKeyPair, seedUser } from '../../bench/server/fixtures';
import { SecretIntakeService } from './secret-intake.service';
import { RecipientKeyCache } from '../crypto/secret-message';

/** Notes whether any query names the armored_key column. */
class ArmoredKeyReads implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    if (JSON.stringify(args.node).includes('"armored_key"')) this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) { return args.result; }
}

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

  it('reads armored keys once per key row version, and a replaced key is checked against the new key at once', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const dave = await seedUser(open.db);
    const reads = new ArmoredKeyReads();
    const db = open.db.withPlugin(reads);
    const intake = new SecretIntakeService(new RecipientKeyCache());
    const toOld = await encryptFor(dave.publicKey, 'pw');
    expect(await intake.check([{ index: 0, userId: dave.id, data: toOld }], db)).toBeNull();
    expect(reads.count).toBe(1);
    expect(await intake.check([{ index: 0, userId: dave.id, data: toOld }], db)).toBeNull();
    expect(reads.count).toBe(1);

    // Recovery with a new key: the old row is marked deleted and a new row holds the new key.
    const replacement = await makeKeyPair(dave.username);
    const fingerprint = replacement.publicKey.getFingerprint().toUpperCase();
    await open.db.updateTable('gpgkeys').set({ deleted: 1 }).where('user_id', '=', dave.id).execute();
    await open.db.insertInto('gpgkeys').values({ id: randomUUID(), user_id: dave.id, armored_key: replacement.publicKey.armor(), fingerprint,
      key_id: fingerprint.slice(-16), bits: null, uid: dave.username, type: 'EdDSA', key_created: null, expires: null, deleted: 0,
      created: '2026-11-22T10:00:00+00:00', modified: '2026-11-22T10:00:00+00:00' }).execute();
    expect(await intake.check([{ index: 0, userId: dave.id, data: toOld }], db)).toEqual({ 0: { data: { isEncryptedForUser: expect.any(String) } } });
    expect(await intake.check([{ index: 0, userId: dave.id, data: await encryptFor(replacement.publicKey, 'pw') }], db)).toBeNull();
    expect(reads.count).toBe(2);

    // A row rewritten in place (by hand, or by another tool: this server never does) is seen by its new
    // modified time and fingerprint.
    const third = await makeKeyPair(dave.username);
    await open.db.updateTable('gpgkeys').set({ armored_key: third.publicKey.armor(), fingerprint: third.publicKey.getFingerprint().toUpperCase(),
      modified: '2026-11-22T11:00:00+00:00' }).where('user_id', '=', dave.id).where('deleted', '=', 0).execute();
    expect(await intake.check([{ index: 0, userId: dave.id, data: await encryptFor(third.publicKey, 'pw') }], db)).toBeNull();
    expect(await intake.check([{ index: 0, userId: dave.id, data: await encryptFor(replacement.publicKey, 'pw') }], db))
      .toEqual({ 0: { data: { isEncryptedForUser: expect.any(String) } } });
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
