// Setup and recovery over HTTP: the key intake rules (PBL-07-002), single-use tokens, guests only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, readSetupToken } from '../test-support/users';
import { generateKeyPair, TestClient } from '../test-support/test-client';
import { openDatabase } from '../storage/database';
import { armoredKeyDigest } from '../crypto/secret-message';

interface Invite { userId: string; token: string }

async function keyWithoutEncryption(): Promise<string> {
  const { publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', subkeys: [],
    userIDs: [{ email: 'sign-only@example.com' }], format: 'armored' });
  return publicKey;
}

async function expiredKey(): Promise<string> {
  const { publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'old@example.com' }],
    date: new Date(Date.now() - 7200_000), keyExpirationTime: 60, format: 'armored' });
  return publicKey;
}

async function revokedKey(): Promise<string> {
  const { privateKey, revocationCertificate } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy',
    userIDs: [{ email: 'revoked@example.com' }], format: 'object' });
  const { publicKey } = await openpgp.revokeKey({ key: privateKey.toPublic(), revocationCertificate, format: 'armored' });
  return publicKey;
}

async function v6Key(): Promise<string> {
  const { publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: 'v6@example.com' }], format: 'armored',
    config: { v6Keys: true } });
  return publicKey;
}

describe.each(dialects)('setup and recover on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  const guest = () => new TestClient(server.url);

  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    admin = await createAdmin(server);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  async function invite(): Promise<Invite> {
    const res = await admin.post<{ id: string }>('/users.json', {
      username: `${crypto.randomUUID()}@example.com`, profile: { first_name: 'New', last_name: 'Comer' } });
    expect(res.status).toBe(200);
    return { userId: res.body.id, token: await readSetupToken(server.db, res.body.id) };
  }

  const complete = (i: Invite, armored: string) =>
    guest().post(`/setup/complete/${i.userId}.json`, { authentication_token: { token: i.token }, gpgkey: { armored_key: armored } });

  it('starts with the user and the passphrase policy', async () => {
    const i = await invite();
    const res = await guest().get<{ user: { id: string; active: boolean; profile: { first_name: string }; role: { name: string } };
      user_passphrase_policy: { entropy_minimum: number; external_dictionary_check: boolean } }>(`/setup/start/${i.userId}/${i.token}.json`);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: i.userId, active: false, profile: { first_name: 'New' }, role: { name: 'user' } });
    expect(res.body.user_passphrase_policy).toEqual({ entropy_minimum: 50, external_dictionary_check: true });
    expect((await guest().get(`/setup/start/${i.userId}/${crypto.randomUUID()}.json`)).status).toBe(400);
    expect((await guest().get(`/setup/start/${i.userId}/nope.json`)).status).toBe(400);
  });

  it('stores the registered key\'s encryption key ids with it, so shares never parse the key', async () => {
    const i = await invite();
    const keys = await generateKeyPair();
    expect((await complete(i, keys.armoredPublic)).status).toBe(200);
    const store = openDatabase(server.db);
    try {
      const key = await store.db.selectFrom('gpgkeys').select('armored_key').where('user_id', '=', i.userId)
        .where('deleted', '=', 0).executeTakeFirstOrThrow();
      const row = await store.db.selectFrom('recipient_key_ids').select('key_ids')
        .where('armored_sha256', '=', armoredKeyDigest(key.armored_key)).executeTakeFirst();
      const subkeyId = keys.publicKey.subkeys[0]!.getKeyID().toHex().toLowerCase();
      expect(row?.key_ids.split(',')).toEqual([subkeyId]);
    } finally {
      await store.close();
    }
  });

  it('refuses keys that are private, unparsable, unable to encrypt, expired, revoked, several, or taken', async () => {
    const i = await invite();
    const mine = await generateKeyPair();
    const cases: [string, string, string][] = [
      ['private', mine.privateKey.armor(), 'isPublicKey'],
      ['garbage', 'hello', 'isParsableArmoredPublicKey'],
      ['sign only', await keyWithoutEncryption(), 'canEncrypt'],
      ['expired', await expiredKey(), 'isNotExpired'],
      ['revoked', await revokedKey(), 'isNotRevoked'],
      ['two keys', mine.armoredPublic + (await generateKeyPair()).armoredPublic, 'isParsableArmoredPublicKey'],
      ["the admin's key", admin.keys!.armoredPublic, 'isUniqueFingerprint'],
      ['version 6', await v6Key(), 'isV4Key'],
    ];
    for (const [name, armored, rule] of cases) {
      const res = await complete(i, armored);
      expect(res.status, name).toBe(400);
      expect(Object.keys((res.body as { gpgkey: { armored_key: object } }).gpgkey.armored_key), name).toEqual([rule]);
    }
    const missing = await guest().post(`/setup/complete/${i.userId}.json`, { authentication_token: { token: i.token } });
    expect(missing.body).toMatchObject({ gpgkey: { _required: expect.any(String) } });
    // None of the failures consumed the token: a good key still completes, once.
    expect((await complete(i, mine.armoredPublic)).status).toBe(200);
    const again = await complete(i, (await generateKeyPair()).armoredPublic);
    expect(again.status).toBe(400);
    expect((await guest().get(`/setup/start/${i.userId}/${i.token}.json`)).status).toBe(400);
    const client = guest();
    client.userId = i.userId;
    client.keys = mine;
    await client.login();
    expect((await client.get<{ active: boolean }>('/users/me.json')).body.active).toBe(true);
  });

  it('accepts the legacy authenticationtoken field and is for guests only', async () => {
    const i = await invite();
    expect((await admin.get(`/setup/start/${i.userId}/${i.token}.json`)).status).toBe(403);
    const key = await generateKeyPair();
    const res = await guest().post(`/setup/complete/${i.userId}.json`, { authenticationtoken: { token: i.token }, gpgkey: { armored_key: key.armoredPublic } });
    expect(res.status).toBe(200);
  });

  it('recovers with the same key only, and answers recover requests identically for unknown users', async () => {
    const i = await invite();
    const key = await generateKeyPair();
    expect((await complete(i, key.armoredPublic)).status).toBe(200);
    const me = await guest().get<{ username: string }>(`/users/${i.userId}.json`);
    expect(me.status).toBe(401);
    const username = (await admin.get<{ username: string }>(`/users/${i.userId}.json`)).body.username;
    const known = await guest().post('/users/recover.json', { username });
    const unknown = await guest().post('/users/recover.json', { username: 'nobody@example.com' });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(known.header.message).toBe(unknown.header.message);
    expect(known.body).toEqual(unknown.body);
    const token = await readSetupToken(server.db, i.userId, 'recover');
    const start = await guest().get<{ user: { gpgkey: { fingerprint: string } } }>(`/setup/recover/start/${i.userId}/${token}.json`);
    expect(start.status).toBe(200);
    const other = await guest().post(`/setup/recover/complete/${i.userId}.json`,
      { authentication_token: { token }, gpgkey: { armored_key: (await generateKeyPair()).armoredPublic } });
    expect(other.status).toBe(400);
    expect(other.header.message).toBe('The key provided does not belong to given user.');
    const ok = await guest().post(`/setup/recover/complete/${i.userId}.json`,
      { authentication_token: { token }, gpgkey: { armored_key: key.armoredPublic } });
    expect(ok.status).toBe(200);
    expect((await guest().get(`/setup/recover/start/${i.userId}/${token}.json`)).status).toBe(400);
    // Abort: a fresh token, aborted, no longer works.
    await guest().post('/users/recover.json', { username });
    const second = await readSetupToken(server.db, i.userId, 'recover', { notIn: [token] });
    expect((await guest().post(`/setup/recover/abort/${i.userId}.json`, { authentication_token: { token: second } })).status).toBe(200);
    expect((await guest().get(`/setup/recover/start/${i.userId}/${second}.json`)).status).toBe(400);
  });
});
