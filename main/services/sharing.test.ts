// Sharing, groups and key trust across several desktop "machines" against one real server process:
// share then unshare (appears, then disappears on sync), edit re-encrypting for everyone, group add with the
// needed secrets (the new member can decrypt), cancellation leaving the server unchanged, a recipient key swap
// refused, the key material shares wrap from (synced, sealed, renewed with a changed key), a secret signed by a
// non-member flagged, and transparent token refresh.
import { createMessage, decrypt, encrypt, enums, readMessage } from 'openpgp';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../common/ipc';
import { openDatabase } from '../../server/storage/database';
import { PassphrasePolicyService } from './passphrase-policy.service';
import { createDesktopMachine, type DesktopMachine } from './test-support/desktop-machine';
import { SearchIndex } from './search/search.service';
import { startRangeApi, type RangeApi } from './test-support/range-api';
import { startTestServer, type TestServer } from './test-support/server';
import { SyncService } from './sync.service';

let server: TestServer;
let rangeApi: RangeApi;
const machines: DesktopMachine[] = [];

interface Person { machine: DesktopMachine; accountId: string; userId: string; passphrase: string }

function newMachine(): DesktopMachine {
  const m = createDesktopMachine({ checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), createIndex: () => new SearchIndex() });
  machines.push(m);
  return m;
}

async function joinAs(link: string, name: string): Promise<Person> {
  const machine = newMachine();
  const passphrase = `${name} has a long and unusual passphrase 2026`;
  const joined = await machine.accounts.join(link, passphrase);
  await machine.session.unlock(joined.account.id, passphrase);
  await machine.sync.sync();
  return { machine, accountId: joined.account.id, userId: joined.account.userId, passphrase };
}

async function expectDomainError(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/**
 * A stored row as any OpenPGP client (and Passbolt's server rule) sees it: exactly one PKESK, for the recipient's
 * encryption subkey, then one encrypted data packet; plain openpgp.decrypt with the recipient's key gives the secret,
 * with a valid signature by `writer`.
 */
async function expectPlainOpenPgpMessage(armored: string, recipient: Person, writer: Person, content: unknown): Promise<void> {
  const message = await readMessage({ armoredMessage: armored });
  const tags = message.packets.map((p) => (p.constructor as unknown as { tag: number }).tag);
  expect(tags).toEqual([enums.packet.publicKeyEncryptedSessionKey, enums.packet.symEncryptedIntegrityProtectedData]);
  const recipientKey = recipient.machine.session.current().key;
  const subkey = await recipientKey.publicKey.getEncryptionKey();
  expect(message.getEncryptionKeyIDs().map((id) => id.toHex())).toEqual([subkey.getKeyID().toHex()]);
  const result = await decrypt({
    message, decryptionKeys: recipientKey.privateKey, verificationKeys: writer.machine.session.current().key.publicKey, expectSigned: true,
  });
  expect(JSON.parse(result.data)).toEqual(content);
  expect(await result.signatures[0]!.verified).toBe(true);
}

/** The encrypted data packet of an armored message (binary, as base64 for comparison). */
async function dataPacketOf(armored: string): Promise<string> {
  const message = await readMessage({ armoredMessage: armored });
  const data = message.packets.filterByTag(enums.packet.symEncryptedIntegrityProtectedData);
  const bytes = data.write() as Uint8Array | ReadableStream<Uint8Array>;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes).toString('base64');
  const chunks: Uint8Array[] = [];
  const reader = bytes.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return Buffer.concat(chunks).toString('base64');
}

let ada: Person;
let bob: Person;
let carol: Person;

beforeAll(async () => {
  rangeApi = await startRangeApi([]);
  server = await startTestServer();
  ada = await joinAs(await server.createAdminLink('ada@example.com'), 'ada');
  await ada.machine.admin.invite({ username: 'bob@example.com', firstName: 'Bob', lastName: 'B' });
  await ada.machine.admin.invite({ username: 'carol@example.com', firstName: 'Carol', lastName: 'C' });
  bob = await joinAs(await server.invitationLink('bob@example.com'), 'bob');
  carol = await joinAs(await server.invitationLink('carol@example.com'), 'carol');
  await ada.machine.sync.sync();
}, 180_000);

afterAll(async () => {
  for (const m of machines) await m.close();
  await server?.destroy();
  await rangeApi?.close();
});

describe('sharing between desktop machines', () => {
  let shared: string;

  it('a resource shared with another user appears in their vault on sync, and disappears when unshared', async () => {
    shared = (await ada.machine.vault.create({ name: 'Router admin', username: 'admin', password: 'router-canary-1' })).id;
    const changes = [{ action: 'add' as const, aro: 'User' as const, aroId: bob.userId, type: 1 as const }];
    expect(await ada.machine.share.simulate(shared, changes)).toEqual({ addedUserIds: [bob.userId], removedUserIds: [] });
    const progress: number[] = [];
    const result = await ada.machine.share.apply(shared, changes, { onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ addedUsers: 1, removedUsers: 0, stillVisible: true });
    expect(progress.at(-1)).toBe(1);

    const report = await bob.machine.sync.sync();
    expect(report.added).toBe(1);
    expect(bob.machine.vault.list().map((r) => [r.name, r.permission])).toEqual([['Router admin', 1]]);
    const copied = await bob.machine.secrets.readField(shared, 'password');
    expect(copied).toMatchObject({ value: 'router-canary-1', signature: 'valid', signerUserId: ada.userId, flagged: false });
    await expectPlainOpenPgpMessage((await bob.machine.session.current().api.resources.secret(shared)).data, bob, ada, { password: 'router-canary-1', description: '' });
    await expectDomainError(bob.machine.vault.update(shared, { password: 'nope' }), 'PERMISSION_DENIED');

    const bobPermission = (await ada.machine.share.permissions(shared)).find((p) => p.aroId === bob.userId);
    await ada.machine.share.apply(shared, [{ action: 'remove', permissionId: bobPermission!.permissionId }]);
    const after = await bob.machine.sync.sync();
    expect(after.removed).toBe(1);
    expect(after.mode).toBe('full'); // the count no longer adds up: the incremental pass fell back to a full diff
    expect(bob.machine.vault.list()).toEqual([]);
    expect(bob.machine.session.current().cachedSecret(shared)).toBeUndefined();
    await expectDomainError(bob.machine.secrets.readField(shared, 'password'), 'NOT_FOUND');
  });

  it('an edit of the password re-encrypts it for every user with access', async () => {
    await ada.machine.share.apply(shared, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 7 }]);
    await bob.machine.sync.sync();
    expect((await bob.machine.secrets.readField(shared, 'password')).value).toBe('router-canary-1');
    await bob.machine.vault.update(shared, { password: 'router-canary-2', name: 'Router admin (new)' });
    const delta = await ada.machine.sync.sync();
    expect(delta).toMatchObject({ mode: 'delta', updated: 1, added: 0, removed: 0 });
    expect(ada.machine.vault.get(shared).name).toBe('Router admin (new)');
    const seenByAda = await ada.machine.secrets.readField(shared, 'password');
    expect(seenByAda).toMatchObject({ value: 'router-canary-2', signature: 'valid', signerUserId: bob.userId });
  });

  it('adding a member to a group encrypts the group\'s secrets for them, so they can decrypt', async () => {
    const group = await ada.machine.groups.create('Ops', [{ userId: ada.userId, isManager: true }, { userId: bob.userId, isManager: false }]);
    const opsItem = (await ada.machine.vault.create({ name: 'Ops database', password: 'ops-canary-1', description: 'primary' })).id;
    await ada.machine.share.apply(opsItem, [{ action: 'add', aro: 'Group', aroId: group.id, type: 1 }]);
    await carol.machine.sync.sync();
    expect(carol.machine.vault.list().map((r) => r.name)).not.toContain('Ops database');

    const result = await ada.machine.groups.updateMembers(group.id, { add: [{ userId: carol.userId, isManager: false }] });
    expect(result.secretsShared).toBe(1);
    expect(result.group.members.map((m) => m.userId).sort()).toEqual([ada.userId, bob.userId, carol.userId].sort());
    await carol.machine.sync.sync();
    expect(carol.machine.vault.list({ filter: { kind: 'group', groupId: group.id } }).map((r) => r.name)).toEqual(['Ops database']);
    const secret = await carol.machine.secrets.readField(opsItem, 'password');
    // Re-wrapped, not re-signed: carol verifies the original writer's signature.
    expect(secret).toMatchObject({ value: 'ops-canary-1', signature: 'valid', signerUserId: ada.userId });
    // Interoperability: the stored rows are plain single-recipient OpenPGP messages sharing one encrypted data packet.
    const db = openDatabase(server.database.url);
    const rows = await db.db.selectFrom('secrets').select(['user_id', 'data']).where('resource_id', '=', opsItem).execute();
    await db.close();
    const rowOf = (userId: string) => rows.find((r) => r.user_id === userId)!.data;
    await expectPlainOpenPgpMessage(rowOf(carol.userId), carol, ada, { password: 'ops-canary-1', description: 'primary' });
    await expectPlainOpenPgpMessage(rowOf(bob.userId), bob, ada, { password: 'ops-canary-1', description: 'primary' });
    // Carol's row re-wraps ada's own copy (bob's came from the share, signed and encrypted afresh).
    expect(await dataPacketOf(rowOf(carol.userId))).toEqual(await dataPacketOf(rowOf(ada.userId)));
    expect(await dataPacketOf(rowOf(bob.userId))).not.toEqual(await dataPacketOf(rowOf(ada.userId)));
    expect((await carol.machine.secrets.readField(opsItem, 'description')).value).toBe('primary');
  });

  it('searches users and groups to share with, and manages group members, managers, names and deletion', async () => {
    const found = await ada.machine.share.searchAros('bob');
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'user', id: bob.userId, username: 'bob@example.com' })]));
    const groups = await ada.machine.share.searchAros('Ops');
    const ops = groups.find((g) => g.kind === 'group' && g.name === 'Ops')!;
    expect(ops.userCount).toBe(3);

    const renamed = await ada.machine.groups.rename(ops.id, 'Operations');
    expect(renamed.name).toBe('Operations');
    const promoted = await ada.machine.groups.updateMembers(ops.id, { setManager: [{ userId: bob.userId, isManager: true }] });
    expect(promoted.group.members.find((m) => m.userId === bob.userId)?.isManager).toBe(true);
    await bob.machine.sync.sync({ full: true });
    expect(bob.machine.groups.list().find((g) => g.id === ops.id)).toMatchObject({ name: 'Operations', iAmManager: true });

    const removed = await bob.machine.groups.updateMembers(ops.id, { remove: [carol.userId] });
    expect(removed.group.members.map((m) => m.userId)).not.toContain(carol.userId);
    expect((await carol.machine.sync.sync()).removed).toBe(1);
    expect(carol.machine.vault.list().map((r) => r.name)).not.toContain('Ops database');

    const temp = await ada.machine.groups.create('Temporary', [{ userId: ada.userId, isManager: true }]);
    await ada.machine.groups.delete(temp.id);
    expect(ada.machine.groups.list().map((g) => g.id)).not.toContain(temp.id);
    await expectDomainError(ada.machine.groups.create('No manager', [{ userId: bob.userId, isManager: false }]), 'POLICY_VIOLATION');
  });

  it('cancelling a share or a group add before the final request leaves the server unchanged', async () => {
    const before = await ada.machine.share.permissions(shared);
    const controller = new AbortController();
    controller.abort();
    await expectDomainError(
      ada.machine.share.apply(shared, [{ action: 'add', aro: 'User', aroId: carol.userId, type: 1 }], { signal: controller.signal }),
      'CANCELLED');
    expect(await ada.machine.share.permissions(shared)).toEqual(before);

    const api = ada.machine.session.current().api;
    const modifiedBefore = (await api.resources.get(shared)).modified;
    const editing = new AbortController();
    await expectDomainError(ada.machine.vault.update(shared, { password: 'never-saved' }, {
      signal: editing.signal, onProgress: (_done, total) => { if (total > 0) editing.abort(); },
    }), 'CANCELLED');
    expect((await api.resources.get(shared)).modified).toBe(modifiedBefore);
    expect((await bob.machine.secrets.readField(shared, 'password')).value).toBe('router-canary-2');

    const dev = await ada.machine.groups.create('Dev', [{ userId: ada.userId, isManager: true }]);
    await ada.machine.share.apply(shared, [{ action: 'add', aro: 'Group', aroId: dev.id, type: 1 }]);
    const midway = new AbortController();
    await expectDomainError(ada.machine.groups.updateMembers(dev.id, { add: [{ userId: carol.userId, isManager: false }] }, {
      signal: midway.signal,
      onProgress: (_done, total) => { if (total > 0) midway.abort(); },
    }), 'CANCELLED');
    const fresh = await ada.machine.session.current().api.groups.get(dev.id, { contain: { groups_users: true } });
    expect(fresh.groups_users?.map((m) => m.user_id)).toEqual([ada.userId]);
    await carol.machine.sync.sync();
    expect(carol.machine.vault.list().map((r) => r.id)).not.toContain(shared);
  });

  it('refuses to share with a user whose key changed since first seen, showing both fingerprints', async () => {
    const pinned = ada.machine.session.current().users.get(carol.userId)?.fingerprint;
    expect(pinned).toMatch(/^[0-9A-F]{40}$/);
    // A malicious server swaps carol's public key.
    const intruder = await ada.machine.crypto.generateKeyPair({ name: 'Mallory', email: 'carol@example.com', passphrase: 'x' });
    const db = openDatabase(server.database.url);
    const original = await db.db.selectFrom('gpgkeys').selectAll().where('user_id', '=', carol.userId).executeTakeFirstOrThrow();
    const later = new Date(Date.now() + 5000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    await db.db.updateTable('gpgkeys').set({ armored_key: intruder.armoredPublicKey, fingerprint: intruder.fingerprint, modified: later })
      .where('user_id', '=', carol.userId).execute();
    const report = await ada.machine.sync.sync();
    expect(report.keyChanges).toEqual([{ userId: carol.userId, pinned, current: intruder.fingerprint }]);
    const before = await ada.machine.share.permissions(shared);
    const error = await expectDomainError(
      ada.machine.share.apply(shared, [{ action: 'add', aro: 'User', aroId: carol.userId, type: 1 }]), 'KEY_CHANGED');
    expect(error.message.replace(/ /g, '')).toContain(pinned);
    expect(error.message.replace(/ /g, '')).toContain(intruder.fingerprint);
    expect(await ada.machine.share.permissions(shared)).toEqual(before);
    expect(ada.machine.share.pendingKeyChanges()).toEqual([{ userId: carol.userId, pinned, current: intruder.fingerprint }]);
    expect(() => ada.machine.share.acceptKeyChange(carol.userId, pinned!)).toThrow(DomainError);
    ada.machine.share.acceptKeyChange(carol.userId, intruder.fingerprint); // the user, wrongly, trusts the new key
    expect(ada.machine.share.pendingKeyChanges()).toEqual([]);
    // The server puts the real key back.
    const restored = new Date(Date.now() + 10_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    await db.db.updateTable('gpgkeys').set({ armored_key: original.armored_key, fingerprint: original.fingerprint, modified: restored })
      .where('user_id', '=', carol.userId).execute();
    await db.close();
    // Back to the real key: a change again from the (now wrong) pin, until accepted.
    expect((await ada.machine.sync.sync()).keyChanges).toEqual([{ userId: carol.userId, pinned: intruder.fingerprint, current: pinned }]);
    ada.machine.share.acceptKeyChange(carol.userId, pinned!);
    expect(ada.machine.share.pendingKeyChanges()).toEqual([]);
  });

  it('wraps for each recipient from the key material synced with their key (sealed in the cache); a key changed on the server never gets the old material', async () => {
    await ada.machine.admin.invite({ username: 'mat@example.com', firstName: 'Mat', lastName: 'M' });
    const dave = await joinAs(await server.invitationLink('mat@example.com'), 'mat');
    await ada.machine.sync.sync();
    const daveSubkey = await dave.machine.session.current().key.publicKey.getEncryptionKey();
    const learned = ada.machine.session.current().users.get(dave.userId)?.encryption;
    expect(learned).toMatchObject({ kind: 'ecdh-curve25519-legacy', fingerprint: daveSubkey.getFingerprint().toUpperCase(), validUntil: null });

    // Through the sealed cache: after lock and unlock (records read back from the cache) the material is the same,
    // and neither its point nor its fingerprint is in the cache files in clear.
    ada.machine.session.lock();
    await ada.machine.session.unlock(ada.accountId, ada.passphrase);
    expect(ada.machine.session.current().users.get(dave.userId)?.encryption).toEqual(learned);
    const base = ada.machine.stores.path(ada.accountId);
    for (const file of [base, `${base}-wal`, `${base}-shm`, `${base}-journal`].filter((f) => existsSync(f))) {
      const bytes = readFileSync(file);
      for (const canary of [learned!.publicKey, (learned as { fingerprint: string }).fingerprint, Buffer.from(learned!.publicKey, 'base64').toString('hex')]) {
        expect(bytes.includes(Buffer.from(canary, 'utf8')), `${canary} in ${file}`).toBe(false);
      }
      expect(bytes.includes(Buffer.from(learned!.publicKey, 'base64')), `raw point in ${file}`).toBe(false);
    }

    // The share hands the pool the material with the key; dave decrypts the row with plain OpenPGP.
    const item = (await ada.machine.vault.create({ name: 'Material item', password: 'material-canary-1' })).id;
    const wrap = vi.spyOn(ada.machine.pool, 'encryptSharedForMany');
    await ada.machine.share.apply(item, [{ action: 'add', aro: 'User', aroId: dave.userId, type: 1 }]);
    expect(wrap.mock.calls.at(-1)?.[1]).toEqual([{ armoredKey: ada.machine.session.current().users.get(dave.userId)?.armoredKey, encryption: learned }]);
    await expectPlainOpenPgpMessage((await dave.machine.session.current().api.resources.secret(item)).data, dave, ada, { password: 'material-canary-1', description: '' });

    // The server swaps dave's key for one whose private half we hold: the sync learns new material from the new key
    // only, the pin still refuses, and once the new key is accepted the row is wrapped for it, not for the old one.
    const swapped = await ada.machine.crypto.generateKeyPair({ name: 'Mat 2', email: 'mat@example.com', passphrase: 'swap pass' });
    const swappedKey = await ada.machine.crypto.unlockPrivateKey(swapped.armoredPrivateKey, 'swap pass');
    const db = openDatabase(server.database.url);
    const later = new Date(Date.now() + 5000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    await db.db.updateTable('gpgkeys').set({ armored_key: swapped.armoredPublicKey, fingerprint: swapped.fingerprint, modified: later })
      .where('user_id', '=', dave.userId).execute();
    expect((await ada.machine.sync.sync()).keyChanges).toHaveLength(1);
    const relearned = ada.machine.session.current().users.get(dave.userId)?.encryption;
    const swappedSubkey = await swappedKey.publicKey.getEncryptionKey();
    expect(relearned).toMatchObject({ kind: 'ecdh-curve25519-legacy', fingerprint: swappedSubkey.getFingerprint().toUpperCase() });
    expect(relearned).not.toEqual(learned);
    const second = (await ada.machine.vault.create({ name: 'Material item 2', password: 'material-canary-2' })).id;
    await expectDomainError(ada.machine.share.apply(second, [{ action: 'add', aro: 'User', aroId: dave.userId, type: 1 }]), 'KEY_CHANGED');
    ada.machine.share.acceptKeyChange(dave.userId, swapped.fingerprint);
    await ada.machine.share.apply(second, [{ action: 'add', aro: 'User', aroId: dave.userId, type: 1 }]);
    expect(wrap.mock.calls.at(-1)?.[1]).toEqual([{ armoredKey: swapped.armoredPublicKey, encryption: relearned }]);
    wrap.mockRestore();
    const row = await db.db.selectFrom('secrets').select('data').where('resource_id', '=', second).where('user_id', '=', dave.userId).executeTakeFirstOrThrow();
    await db.close();
    const forSwapped = await decrypt({ message: await readMessage({ armoredMessage: row.data }), decryptionKeys: swappedKey.privateKey });
    expect(JSON.parse(forSwapped.data)).toMatchObject({ password: 'material-canary-2' });
    await expect(decrypt({ message: await readMessage({ armoredMessage: row.data }), decryptionKeys: dave.machine.session.current().key.privateKey }))
      .rejects.toThrow();

    // A group add passes the same material for the new member to the re-wrap.
    const group = await ada.machine.groups.create('Material group', [{ userId: ada.userId, isManager: true }]);
    const third = (await ada.machine.vault.create({ name: 'Material item 3', password: 'material-canary-3' })).id;
    await ada.machine.share.apply(third, [{ action: 'add', aro: 'Group', aroId: group.id, type: 1 }]);
    const rewrap = vi.spyOn(ada.machine.pool, 'reencryptForMany');
    expect((await ada.machine.groups.updateMembers(group.id, { add: [{ userId: dave.userId, isManager: false }] })).secretsShared).toBe(1);
    expect(rewrap.mock.calls.at(-1)?.[0].map((i) => i.recipientArmoredKeys)).toEqual([[{ armoredKey: swapped.armoredPublicKey, encryption: relearned }]]);
    rewrap.mockRestore();
    const db2 = openDatabase(server.database.url);
    const groupRow = await db2.db.selectFrom('secrets').select('data').where('resource_id', '=', third).where('user_id', '=', dave.userId).executeTakeFirstOrThrow();
    await db2.close();
    const viaGroup = await decrypt({ message: await readMessage({ armoredMessage: groupRow.data }), decryptionKeys: swappedKey.privateKey });
    expect(JSON.parse(viaGroup.data)).toMatchObject({ password: 'material-canary-3' });
    for (const id of [item, second, third]) await ada.machine.vault.delete(id); // later tests list ada's items
    await ada.machine.groups.delete(group.id);
  });

  it('flags a secret signed by someone outside the organisation', async () => {
    const item = (await ada.machine.vault.create({ name: 'Tampered', password: 'genuine' })).id;
    await ada.machine.share.apply(item, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 1 }]);
    const stranger = await bob.machine.crypto.generateKeyPair({ name: 'Stranger', email: 's@evil.example', passphrase: 'x' });
    const strangerKey = await bob.machine.crypto.unlockPrivateKey(stranger.armoredPrivateKey, 'x');
    const bobKey = bob.machine.session.current().key.publicKey;
    const forged = await bob.machine.crypto.encryptAndSign(JSON.stringify({ password: 'forged', description: '' }), bobKey, strangerKey);
    const db = openDatabase(server.database.url);
    await db.db.updateTable('secrets').set({ data: forged }).where('resource_id', '=', item).where('user_id', '=', bob.userId).execute();
    await db.close();
    await bob.machine.sync.sync();
    const field = await bob.machine.secrets.readField(item, 'password');
    expect(field).toMatchObject({ value: 'forged', signature: 'unknown-signer', flagged: true });
    expect(field.warning).toMatch(/not a member/);
  });

  it('refuses to pass on or carry over our own secret when it is forged: share, group add and edit leave the server unchanged', async () => {
    const group = await ada.machine.groups.create('Forgery', [{ userId: ada.userId, isManager: true }]);
    const item = (await ada.machine.vault.create({ name: 'Forged for ada', password: 'genuine-ada', description: 'kept' })).id;
    await ada.machine.share.apply(item, [{ action: 'add', aro: 'Group', aroId: group.id, type: 1 }]);
    const adaKey = ada.machine.session.current().key.publicKey;
    const stranger = await ada.machine.crypto.generateKeyPair({ name: 'Stranger', email: 's@evil.example', passphrase: 'x' });
    const strangerKey = await ada.machine.crypto.unlockPrivateKey(stranger.armoredPrivateKey, 'x');
    const text = JSON.stringify({ password: 'forged-by-server', description: 'kept' });
    // Encrypted to ada's real key (so it decrypts), signed by a key outside the organisation.
    const forgedSigned = await ada.machine.crypto.encryptAndSign(text, adaKey, strangerKey);
    // Encrypted to ada's real key, not signed at all.
    const forgedUnsigned = await encrypt({ message: await createMessage({ text }), encryptionKeys: adaKey, format: 'armored' });
    const db = openDatabase(server.database.url);
    const serverState = async () => ({
      secrets: await db.db.selectFrom('secrets').select(['user_id', 'data', 'modified']).where('resource_id', '=', item).orderBy('user_id').execute(),
      permissions: await db.db.selectFrom('permissions').select(['aro_foreign_key', 'type']).where('aco_foreign_key', '=', item).orderBy('aro_foreign_key').execute(),
      members: await db.db.selectFrom('groups_users').select('user_id').where('group_id', '=', group.id).orderBy('user_id').execute(),
      resource: await db.db.selectFrom('resources').select(['name', 'modified']).where('id', '=', item).executeTakeFirstOrThrow(),
    });
    let round = 0;
    const forge = async (data: string) => {
      // A newer `modified` makes ada's desktop drop its cached (genuine) copy and fetch the forged row.
      const later = new Date(Date.now() + 60_000 * ++round).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      await db.db.updateTable('secrets').set({ data }).where('resource_id', '=', item).where('user_id', '=', ada.userId).execute();
      await db.db.updateTable('resources').set({ modified: later }).where('id', '=', item).execute();
      await ada.machine.sync.sync();
    };
    try {
      for (const forged of [forgedSigned, forgedUnsigned]) {
        await forge(forged);
        const before = await serverState();
        expect(before.secrets.map((s) => s.user_id)).toEqual([ada.userId]);

        const shareError = await expectDomainError(
          ada.machine.share.apply(item, [{ action: 'add', aro: 'User', aroId: carol.userId, type: 1 }]), 'SERVER_REJECTED');
        expect(shareError.message).toMatch(forged === forgedSigned ? /outside your organisation/ : /not signed/);
        expect(await serverState()).toEqual(before);

        const groupError = await expectDomainError(
          ada.machine.groups.updateMembers(group.id, { add: [{ userId: carol.userId, isManager: false }] }), 'SERVER_REJECTED');
        expect(groupError.message).toContain(item);
        expect(groupError.message).toMatch(/not validly signed by a member/);
        expect(await serverState()).toEqual(before);

        // An edit that keeps the old password (only the description changes) would re-sign the forgery.
        await expectDomainError(ada.machine.vault.update(item, { description: 'new description' }), 'SERVER_REJECTED');
        expect(await serverState()).toEqual(before);
      }
      // Replacing the whole secret carries nothing over, so it is allowed and heals the row.
      await ada.machine.vault.update(item, { password: 'fresh', description: 'fresh' });
      expect(await ada.machine.secrets.readField(item, 'password')).toMatchObject({ value: 'fresh', signature: 'valid', flagged: false });
      const added = await ada.machine.groups.updateMembers(group.id, { add: [{ userId: carol.userId, isManager: false }] });
      expect(added.secretsShared).toBe(1);
      expect((await serverState()).secrets.map((s) => s.user_id).sort()).toEqual([ada.userId, carol.userId].sort());
    } finally {
      await db.close();
      await ada.machine.vault.delete(item); // later tests count ada's items
      await ada.machine.groups.delete(group.id);
    }
  });

  it('renews an expired or refused access token transparently with the rotated refresh token', async () => {
    const vault = ada.machine.session.current();
    const refreshBefore = vault.tokens.refreshToken();
    vault.tokens.set({ accessToken: 'expired.token.value', refreshToken: refreshBefore! });
    await ada.machine.sync.sync();
    expect(vault.tokens.current()).not.toBe('expired.token.value');
    expect(vault.tokens.refreshToken()).not.toBe(refreshBefore);
    // The old refresh token was consumed: using it again is refused by the server, and the session logs in again.
    vault.tokens.set({ accessToken: 'expired.token.value', refreshToken: refreshBefore! });
    await ada.machine.sync.sync();
    expect(vault.tokens.current()).not.toBe('expired.token.value');
  });

  it('filters, sorts, favorites and deletes, keeping every machine in step after sync', async () => {
    await ada.machine.sync.sync();
    await bob.machine.sync.sync();
    const owned = ada.machine.vault.list({ filter: { kind: 'owned' } }).map((r) => r.name);
    expect(owned).toEqual(['Ops database', 'Router admin (new)', 'Tampered']);
    expect(ada.machine.vault.list({ sort: 'name', direction: 'desc' }).map((r) => r.name)).toEqual([...owned].reverse());
    expect(bob.machine.vault.list({ filter: { kind: 'shared-with-me' } }).map((r) => r.name).sort())
      .toEqual(['Ops database', 'Router admin (new)', 'Tampered']);
    expect(ada.machine.vault.list({ search: 'router' }).map((r) => r.id)).toEqual([shared]);

    const fav = await ada.machine.vault.setFavorite(shared, true);
    expect(fav.favorite).toBe(true);
    expect(ada.machine.vault.list({ filter: { kind: 'favorites' } }).map((r) => r.id)).toEqual([shared]);
    await ada.machine.sync.sync();
    expect(ada.machine.vault.list({ filter: { kind: 'favorites' } }).map((r) => r.id)).toEqual([shared]);
    await ada.machine.vault.setFavorite(shared, false);
    expect(ada.machine.vault.list({ filter: { kind: 'favorites' } })).toEqual([]);

    const tampered = ada.machine.vault.list({ search: 'tampered' })[0]!.id;
    await ada.machine.vault.delete(tampered);
    expect(ada.machine.vault.list({ search: 'tampered' })).toEqual([]);
    const report = await bob.machine.sync.sync();
    expect(report.removed).toBe(1);
    expect(bob.machine.vault.list().map((r) => r.id)).not.toContain(tampered);
  });

  it('pages full and incremental syncs without losing or inventing anything', async () => {
    const paged = new SyncService(ada.machine.session, ada.machine.crypto, { publish: () => undefined }, { fullPageSize: 2, deltaPageSize: 2 });
    for (let i = 0; i < 5; i++) await ada.machine.vault.create({ name: `Paged ${i}`, password: `p${i}` });
    const before = ada.machine.vault.list().map((r) => r.id).sort();
    expect(before.length).toBeGreaterThan(5);
    const full = await paged.sync({ full: true });
    expect(full).toMatchObject({ mode: 'full', removed: 0, total: before.length });
    expect(ada.machine.vault.list().map((r) => r.id).sort()).toEqual(before);

    const edited = before.slice(0, 3);
    const db = openDatabase(server.database.url);
    const later = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    await db.db.updateTable('resources').set({ name: 'renamed on the server', modified: later }).where('id', 'in', edited).execute();
    await db.close();
    const delta = await paged.sync();
    expect(delta).toMatchObject({ mode: 'delta', updated: 3, added: 0, removed: 0, total: before.length });
    expect(ada.machine.vault.list({ search: 'renamed on the server' }).map((r) => r.id).sort()).toEqual([...edited].sort());
  });

  it('administers users and policies: password policy drives the generator, passphrase policy applies at join, disable, delete with transfer', async () => {
    const current = await ada.machine.admin.passwordPolicy();
    await ada.machine.admin.setPasswordPolicy({
      ...current, default_generator: 'passphrase',
      password_generator_settings: { ...current.password_generator_settings, length: 32 },
      passphrase_generator_settings: { ...current.passphrase_generator_settings, words: 6, word_separator: '-' },
    });
    const generated = await bob.machine.policy.generate();
    expect(generated.kind).toBe('passphrase');
    expect(generated.value.split('-')).toHaveLength(6);
    expect((await bob.machine.policy.generate('password')).value).toHaveLength(32);

    await ada.machine.admin.setPassphrasePolicy({ entropyMinimum: 112, externalDictionaryCheck: false });
    expect(await ada.machine.admin.passphrasePolicy()).toEqual({ entropyMinimum: 112, externalDictionaryCheck: false });
    await ada.machine.admin.invite({ username: 'dave@example.com', firstName: 'Dave', lastName: 'D' });
    const daveLink = await server.invitationLink('dave@example.com');
    const daveMachine = newMachine();
    expect((await daveMachine.accounts.previewJoin(daveLink)).passphrasePolicy).toEqual({ entropy_minimum: 112, external_dictionary_check: false });
    await expectDomainError(daveMachine.accounts.join(daveLink, 'dave-pass-2026'), 'POLICY_VIOLATION');
    await ada.machine.admin.setPassphrasePolicy({ entropyMinimum: 50, externalDictionaryCheck: true });

    await ada.machine.admin.setDisabled(carol.userId, true);
    carol.machine.session.lock();
    const refused = await carol.machine.session.unlock(carol.accountId, carol.passphrase).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(carol.machine.session.isLocked()).toBe(true);
    await ada.machine.admin.setDisabled(carol.userId, false);
    expect((await carol.machine.session.unlock(carol.accountId, carol.passphrase)).offline).toBe(false);

    const bobsOwn = (await bob.machine.vault.create({ name: "Bob's own", password: 'bob-canary' })).id;
    await bob.machine.share.apply(bobsOwn, [{ action: 'add', aro: 'User', aroId: ada.userId, type: 1 }]);
    const plan = await ada.machine.admin.planDelete(bob.userId);
    expect(plan.deletable).toBe(false);
    expect(plan.soleOwnerOf.length).toBeGreaterThan(0);
    await ada.machine.sync.sync({ full: true });
    const adaPermission = (await ada.machine.share.permissions(bobsOwn)).find((p) => p.aroId === ada.userId)!;
    await ada.machine.admin.deleteUser(bob.userId, { owners: [{ id: adaPermission.permissionId, aco_foreign_key: bobsOwn }] });
    await ada.machine.sync.sync({ full: true });
    expect(ada.machine.vault.get(bobsOwn).permission).toBe(15);
    expect((await ada.machine.secrets.readField(bobsOwn, 'password')).value).toBe('bob-canary');
    bob.machine.session.lock();
    await expect(bob.machine.session.unlock(bob.accountId, bob.passphrase)).rejects.toBeInstanceOf(DomainError);
  });
});
