// Working with other people through the window's calls, as two signed-in users on two desktops against one real
// server: invite and join, share with a user and see it arrive after a sync, revoke, the last-owner refusal,
// groups with progress and cancellation, key verification and its warning, and administration refused to a
// non-administrator by main itself.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, IpcResult } from '../../common/ipc';
import { KeytarKeychain } from '../keychain/keytar-keychain';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import { startRangeApi, type RangeApi } from '../services/test-support/range-api';
import { startTestServer, type TestServer } from '../services/test-support/server';
import { buildDesktopIpc, type DesktopIpc } from './desktop-ipc';
import { keyWarning, NEW_KEY_WARNING_MS } from './org-handlers';

const ORIGIN = 'app://tessera';
const PASSPHRASE = 'quiet harbour lantern eleven copper meadow';

interface Desk {
  ipc: DesktopIpc;
  dir: string;
  events: { event: string; payload: unknown }[];
  call<T = unknown>(method: string, payload?: unknown): Promise<IpcResult<T>>;
  value<T = Record<string, unknown>>(method: string, payload?: unknown): Promise<T>;
}

let server: TestServer;
let rangeApi: RangeApi;
const desks: Desk[] = [];

function desk(): Desk {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-org-'));
  const events: { event: string; payload: unknown }[] = [];
  const ipc = buildDesktopIpc({
    userDataDir: dir, keychain: new KeytarKeychain(`Tessera-test-${randomBytes(4).toString('hex')}`),
    events: { publish<E extends EventName>(event: E, payload: EventPayload<E>) { events.push({ event, payload }); } },
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), poolSize: 1,
    version: '0.0.0-test', platform: process.platform, appOrigin: ORIGIN,
    clipboard: { readText: async () => '', writeSecret: async () => undefined, clear: async () => undefined },
    files: { save: async () => ({ saved: false }) }, openExternal: async () => undefined, rememberAvailable: true, syncIntervalMs: 0,
  });
  const call = <T,>(method: string, payload?: unknown) => ipc.dispatch({ url: `${ORIGIN}/index.html`, isMainFrame: true }, method, payload) as Promise<IpcResult<T>>;
  const d: Desk = {
    ipc, dir, events, call,
    async value<T>(method: string, payload?: unknown) {
      const r = await call<T>(method, payload);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
  desks.push(d);
  return d;
}

async function signIn(d: Desk, link: string): Promise<string> {
  const { account } = await d.value<{ account: { id: string } }>('account.join', { invitationLink: link, passphrase: PASSPHRASE });
  await d.value('session.unlock', { accountId: account.id, passphrase: PASSPHRASE });
  await d.value('sync.now');
  return account.id;
}

beforeAll(async () => {
  rangeApi = await startRangeApi([]);
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  for (const d of desks) {
    for (const a of d.ipc.services.registry.list()) await d.ipc.services.deviceKeys.deleteAccount(a.id).catch(() => undefined);
    await d.ipc.dispose();
    rmSync(d.dir, { recursive: true, force: true });
  }
  await server?.destroy();
  await rangeApi?.close();
});

describe('sharing, groups and administration through the window\'s calls', () => {
  let ada: Desk;
  let bob: Desk;
  let bobId = '';
  let itemId = '';

  it('an administrator invites a colleague (the server mails the link) and the colleague joins', async () => {
    ada = desk();
    await signIn(ada, await server.createAdminLink('ada@example.com', 'Ada', 'Lovelace'));
    ({ userId: bobId } = await ada.value<{ userId: string }>('admin.invite', { username: 'bob@example.com', firstName: 'Bob', lastName: 'Builder' }));
    bob = desk();
    await signIn(bob, await server.invitationLink('bob@example.com'));
    await ada.value('sync.now');
    const { users, me } = await ada.value<{ users: { id: string; key: { fingerprint: string; verified: boolean; warning?: string } }[]; me: { isAdmin: boolean } }>('users.list');
    expect(me.isAdmin).toBe(true);
    const bobView = users.find((u) => u.id === bobId)!;
    expect(bobView.key.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    // Seen for the first time just now and not verified: the share dialog warns.
    expect(bobView.key).toMatchObject({ verified: false, warning: expect.stringMatching(/less than a day ago/) });
    expect(Date.now() - Date.parse((bobView.key as { firstSeen?: string }).firstSeen ?? '')).toBeLessThan(120_000);
    expect(bobView.key).not.toHaveProperty('previousFingerprint');
  }, 90_000);

  it('main refuses administration to a non-administrator, whatever the window shows', async () => {
    expect(await bob.value('users.list')).toMatchObject({ me: { id: bobId, isAdmin: false } });
    for (const [method, payload] of [
      ['admin.invite', { username: 'eve@example.com', firstName: 'Eve', lastName: 'X' }],
      ['admin.setDisabled', { userId: bobId, disabled: true }],
      ['admin.passphrasePolicy', undefined],
      ['groups.create', { name: 'Rogue', members: [{ userId: bobId, isManager: true }] }],
    ] as const) {
      expect(await bob.call(method, payload)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    }
  });

  it('shares with a user after showing who gains access; the item arrives on their desktop after a sync', async () => {
    ({ id: itemId } = await ada.value<{ id: string }>('vault.create', { name: 'Shared wiki', password: 'wiki-canary-1' }));
    const found = await ada.value<{ matches: { kind: string; id: string }[] }>('share.search', { search: 'bob' });
    expect(found.matches).toContainEqual(expect.objectContaining({ kind: 'user', id: bobId }));
    const changes = [{ action: 'add', aro: 'User', aroId: bobId, type: 1 }];
    expect(await ada.value('share.simulate', { resourceId: itemId, changes })).toEqual({ added: [{ userId: bobId, name: 'Bob Builder' }], removed: [] });
    const operationId = randomUUID();
    expect(await ada.value('share.apply', { resourceId: itemId, changes, operationId })).toEqual({ addedUsers: 1, removedUsers: 0, stillVisible: true });
    await bob.value('sync.now');
    expect(await bob.value('vault.query', { search: 'wiki' })).toMatchObject({ total: 1, rows: [{ id: itemId, permission: 1 }] });
    expect(await bob.value('secret.reveal', { resourceId: itemId, field: 'password' })).toMatchObject({ value: 'wiki-canary-1', flagged: false });
    // Bob can read but not share.
    expect(await bob.call('share.apply', { resourceId: itemId, changes: [{ action: 'add', aro: 'User', aroId: bobId, type: 15 }], operationId: randomUUID() }))
      .toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  }, 60_000);

  it('refuses to remove the last owner with a sentence, and revokes a reader who then loses the item', async () => {
    const { permissions } = await ada.value<{ permissions: { permissionId: string; aroId: string; type: number }[] }>('share.permissions', { resourceId: itemId });
    const mine = permissions.find((p) => p.type === 15)!;
    const lastOwner = await ada.call('share.apply', { resourceId: itemId, changes: [{ action: 'remove', permissionId: mine.permissionId }], operationId: randomUUID() });
    expect(lastOwner).toMatchObject({ ok: false, error: { code: 'SERVER_REJECTED' } });
    expect(lastOwner.ok ? '' : lastOwner.error.message).toMatch(/owner/i);
    const bobs = permissions.find((p) => p.aroId === bobId)!;
    expect(await ada.value('share.simulate', { resourceId: itemId, changes: [{ action: 'remove', permissionId: bobs.permissionId }] }))
      .toEqual({ added: [], removed: [{ userId: bobId, name: 'Bob Builder' }] });
    await ada.value('share.apply', { resourceId: itemId, changes: [{ action: 'remove', permissionId: bobs.permissionId }], operationId: randomUUID() });
    await bob.value('sync.now', { full: true });
    expect(await bob.value('vault.query', { search: 'wiki' })).toMatchObject({ total: 0 });
  }, 60_000);

  it('adds a member to a group that reaches items, with progress, and the member can read them after a sync', async () => {
    for (let i = 0; i < 20; i++) await ada.value('vault.create', { name: `Ops item ${i}`, password: `ops-${i}` });
    const group = await ada.value<{ id: string; iAmManager: boolean }>('groups.create', { name: 'Operations', members: [{ userId: (await ada.value<{ me: { id: string } }>('users.list')).me.id, isManager: true }] });
    expect(group.iAmManager).toBe(true);
    const ids = (await ada.value<{ rows: { id: string }[] }>('vault.query', { search: 'Ops item', limit: 50 })).rows.map((r) => r.id);
    for (const id of ids) {
      await ada.value('share.apply', { resourceId: id, changes: [{ action: 'add', aro: 'Group', aroId: group.id, type: 1 }], operationId: randomUUID() });
    }
    const operationId = randomUUID();
    const added = await ada.value<{ secretsShared: number; group: { memberCount: number } }>('groups.updateMembers', {
      groupId: group.id, operationId, add: [{ userId: bobId, isManager: false }],
    });
    expect(added).toMatchObject({ secretsShared: 20, group: { memberCount: 2 } });
    const progress = ada.events.filter((e) => e.event === 'bulk.progress' && (e.payload as { operationId: string }).operationId === operationId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.payload).toMatchObject({ done: 20, total: 20 });
    await bob.value('sync.now');
    expect(await bob.value('vault.query', { search: 'Ops item' })).toMatchObject({ total: 20 });
    // A member who is not a manager cannot change the group.
    expect(await bob.call('groups.updateMembers', { groupId: group.id, operationId: randomUUID(), remove: [bobId] }))
      .toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  }, 120_000);

  it('cancels only a running operation', async () => {
    expect(await ada.value('bulk.cancel', { operationId: randomUUID() })).toEqual({ cancelled: false });
  });

  it('verifies a colleague\'s key after comparing fingerprints; a wrong fingerprint is refused', async () => {
    const { users } = await ada.value<{ users: { id: string; key: { fingerprint: string } }[] }>('users.list');
    const fingerprint = users.find((u) => u.id === bobId)!.key.fingerprint;
    expect(await ada.call('users.verifyKey', { userId: bobId, fingerprint: 'A'.repeat(40) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const spaced = fingerprint.replace(/(.{4})/g, '$1 ').trim();
    const verified = await ada.value<{ key: { verified: boolean; warning?: string } }>('users.verifyKey', { userId: bobId, fingerprint: spaced });
    expect(verified.key.verified).toBe(true);
    expect(verified.key.warning).toBeUndefined();
  });

  it('names the key pinned before a change, refuses to share with the new one, and accepts it once compared', async () => {
    const keyOf = async () => (await ada.value<{ users: { id: string; key: { fingerprint: string; verified: boolean; warning?: string; previousFingerprint?: string } }[] }>('users.list'))
      .users.find((u) => u.id === bobId)!.key;
    const current = (await keyOf()).fingerprint;
    // As if Bob's key had been replaced on the server: the pin (what Ada first saw) no longer matches it.
    ada.ipc.services.session.current().trust.acceptUserKey(bobId, 'E'.repeat(40));
    expect(await keyOf()).toMatchObject({ fingerprint: current, verified: false, previousFingerprint: 'E'.repeat(40), warning: expect.stringMatching(/changed/) });
    const { id } = await ada.value<{ id: string }>('vault.create', { name: 'After the key change', password: 'kc-1' });
    const share = { resourceId: id, changes: [{ action: 'add', aro: 'User', aroId: bobId, type: 1 }] };
    expect(await ada.call('share.apply', { ...share, operationId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'KEY_CHANGED' } });
    expect(await ada.call('users.verifyKey', { userId: bobId, fingerprint: current })).toMatchObject({ ok: false, error: { code: 'KEY_CHANGED' } });
    expect(await ada.call('users.acceptKey', { userId: bobId, fingerprint: 'E'.repeat(40) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const accepted = await ada.value<{ key: Record<string, unknown> }>('users.acceptKey', { userId: bobId, fingerprint: current });
    expect(accepted.key).toMatchObject({ fingerprint: current, verified: true });
    expect(accepted.key).not.toHaveProperty('warning');
    expect(accepted.key).not.toHaveProperty('previousFingerprint');
    expect(await ada.value('share.apply', { ...share, operationId: randomUUID() })).toMatchObject({ addedUsers: 1 });
  }, 60_000);

  it('changes the organisation\'s passphrase policy, and a new invitation follows it', async () => {
    expect(await ada.value('admin.setPassphrasePolicy', { entropyMinimum: 112, externalDictionaryCheck: false }))
      .toEqual({ entropyMinimum: 112, externalDictionaryCheck: false });
    await ada.value('admin.invite', { username: 'carol@example.com', firstName: 'Carol', lastName: 'Shaw' });
    const carol = desk();
    const preview = await carol.value<{ passphrasePolicy: unknown }>('account.previewJoin', { invitationLink: await server.invitationLink('carol@example.com') });
    expect(preview.passphrasePolicy).toEqual({ entropyMinimum: 112, externalDictionaryCheck: false });
    expect(await carol.call('account.join', { invitationLink: await server.invitationLink('carol@example.com'), passphrase: 'too short a phrase' }))
      .toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });
  }, 60_000);

  it('plans a deletion: what the user alone manages, and who could take it over', async () => {
    const plan = await ada.value<{ deletable: boolean }>('admin.planDelete', { userId: bobId });
    expect(plan.deletable).toBe(true);
    expect(await ada.value('admin.setDisabled', { userId: bobId, disabled: true })).toBeNull();
  });
});

describe('keyWarning', () => {
  const user = { username: 'bob@example.com', fingerprint: 'F'.repeat(40), keyEmails: ['bob@example.com'] };
  const now = 1_800_000_000_000;
  it('warns about a new unverified key, a changed key, a key made out to someone else, and no key at all', () => {
    expect(keyWarning(user, { pinned: user.fingerprint, firstSeen: now - 1000, verified: false }, now)).toMatch(/less than a day/);
    expect(keyWarning(user, { pinned: user.fingerprint, firstSeen: now - NEW_KEY_WARNING_MS - 1, verified: false }, now)).toBeUndefined();
    expect(keyWarning(user, { pinned: user.fingerprint, firstSeen: now - 1000, verified: true }, now)).toBeUndefined();
    expect(keyWarning(user, { pinned: 'E'.repeat(40), firstSeen: now - 1000, verified: true }, now)).toMatch(/changed/);
    expect(keyWarning({ ...user, keyEmails: ['mallory@evil.example'] }, { pinned: user.fingerprint, firstSeen: 0, verified: true }, now)).toMatch(/mallory@evil.example/);
    expect(keyWarning({ ...user, fingerprint: null }, { pinned: undefined, firstSeen: undefined, verified: false }, now)).toMatch(/no usable key/);
  });
});
