// Accounts and sessions against a real server process (SQLite), the real keychain and real OpenPGP:
// join from an invitation, lock wiping state, sign in with the recovery kit on a new machine, unlock offline
// after the server stops (read-only), and a changed server key refused at login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../common/ipc';
import { generateServerKeyArmored, SERVER_KEY_FILE } from '../../server/keys/server-key';
import { writeFileSync } from 'node:fs';
import { createDesktopMachine, type DesktopMachine } from './test-support/desktop-machine';
import { SearchIndex } from './search/search.service';
import { startRangeApi, type RangeApi } from './test-support/range-api';
import { PassphrasePolicyService } from './passphrase-policy.service';
import { startTestServer, type TestServer } from './test-support/server';
import { parseInvitation, readRecoveryKitAccount } from './account.service';
import { generateKey } from 'openpgp';
import { PassboltApi } from '../api/passbolt-api';
import type { ApiHttpError } from '../api/api-errors';
import type { Clock } from './ports';
import { ClipboardService } from './clipboard.service';
import { existsSync, readFileSync } from 'node:fs';
import { DeviceKeyService } from './device-key.service';

const PASSPHRASE = 'correct horse battery staple orbit lantern';

let server: TestServer;
let rangeApi: RangeApi;
const LEAKED = 'correct horse battery staple leaked again';
const BOB_PASSPHRASE = 'a different long passphrase for bob 2026';
let bobKit: string;

/** A clock the test moves by hand; timers fire when their time comes. */
class ManualClock implements Clock {
  private t = 1_800_000_000_000;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { const timer = { at: this.t + ms, fn }; this.timers.push(timer); return timer; }
  clearTimeout(handle: unknown): void { this.timers = this.timers.filter((x) => x !== handle); }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const timer of due) timer.fn();
  }
}
const machines: DesktopMachine[] = [];

function machine(): DesktopMachine {
  const m = createDesktopMachine({ checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), createIndex: () => new SearchIndex() });
  machines.push(m);
  return m;
}

async function expectDomainError(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

beforeAll(async () => {
  rangeApi = await startRangeApi([LEAKED]);
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  for (const m of machines) await m.close();
  await server?.destroy();
  await rangeApi?.close();
});

describe('accounts and sessions against a real server', () => {
  let laptop: DesktopMachine;
  let recoveryKit: string;
  let accountId: string;
  let resourceId: string;

  it('joins from an invitation link: key pair generated, server key pinned, recovery kit offered', async () => {
    laptop = machine();
    const link = await server.createAdminLink('ada@example.com');
    const preview = await laptop.accounts.previewJoin(link);
    expect(preview.username).toBe('ada@example.com');
    expect(preview.serverFingerprint).toMatch(/^[0-9A-F]{40}$/);

    await expectDomainError(laptop.accounts.join(link, 'short'), 'POLICY_VIOLATION');
    const joined = await laptop.accounts.join(link, PASSPHRASE);
    recoveryKit = joined.recoveryKit;
    accountId = joined.account.id;
    expect(recoveryKit).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
    expect(readRecoveryKitAccount(recoveryKit)).toEqual({ userId: preview.userId, serverUrl: server.url });
    expect((await laptop.crypto.readKeyInfo(recoveryKit)).algorithm).toMatch(/eddsa|ed25519/i);
    expect(laptop.accounts.list().map((a) => a.username)).toEqual(['ada@example.com']);
    // The invitation is single use.
    const again = await laptop.accounts.join(link, PASSPHRASE).then(() => undefined, (e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(['NOT_FOUND', 'SERVER_REJECTED']).toContain((again as DomainError).code);
    expect(laptop.accounts.list()).toHaveLength(1);
  });

  it('unlocks online, creates an item and copies its password with a valid signature', async () => {
    await expectDomainError(laptop.session.unlock(accountId, 'wrong passphrase'), 'WRONG_PASSPHRASE');
    const unlocked = await laptop.session.unlock(accountId, PASSPHRASE);
    expect(unlocked.offline).toBe(false);
    const created = await laptop.vault.create({
      name: 'Mail server canary-name-7f3a', username: 'canary-user-7f3a', uri: 'https://canary-uri-7f3a.example.com',
      password: 'p4ss-canary-1', description: 'rack 2 canary-desc-7f3a',
    });
    resourceId = created.id;
    const field = await laptop.secrets.readField(resourceId, 'password');
    expect(field).toMatchObject({ value: 'p4ss-canary-1', signature: 'valid', flagged: false });
    expect((await laptop.secrets.readField(resourceId, 'description')).value).toBe('rack 2 canary-desc-7f3a');
    const report = await laptop.sync.sync();
    expect(report.total).toBe(1);
    const phases = laptop.events.filter((e) => e.event === 'sync.progress').map((e) => (e.payload as { phase: string }).phase);
    expect(phases[0]).toBe('fetching');
    expect(phases.at(-1)).toBe('done');
    expect(laptop.vault.list({ search: 'canary-name' }).map((r) => r.id)).toEqual([resourceId]);
  });

  it('blocks a leaked passphrase at join, and only warns when the dictionary cannot be reached', async () => {
    const { userId } = await laptop.admin.invite({ username: 'bob@example.com', firstName: 'Bob', lastName: 'Builder' });
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    const link = await server.invitationLink('bob@example.com');
    const bobMachine = machine();
    const refused = await expectDomainError(bobMachine.accounts.join(link, LEAKED), 'POLICY_VIOLATION');
    expect(refused.message).toMatch(/breach/);
    expect(rangeApi.requests.length).toBeGreaterThan(0);
    expect(rangeApi.requests.every((p) => /^[0-9A-F]{5}$/.test(p))).toBe(true);
    expect(bobMachine.accounts.list()).toEqual([]);

    const offlineDictionary = createDesktopMachine({
      checker: new PassphrasePolicyService({ rangeApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }), createIndex: () => new SearchIndex(),
    });
    machines.push(offlineDictionary);
    const joined = await offlineDictionary.accounts.join(link, BOB_PASSPHRASE);
    bobKit = joined.recoveryKit;
    expect(joined.verdict.allowed).toBe(true);
    expect(joined.verdict.problems.map((p) => [p.code, p.severity])).toEqual([['dictionary-unavailable', 'warning']]);
  });

  it('changes the passphrase locally under the policy, and remembers it only when asked', async () => {
    laptop.session.lock();
    await expectDomainError(laptop.accounts.changePassphrase(accountId, PASSPHRASE, LEAKED), 'POLICY_VIOLATION');
    const next = 'an even longer replacement passphrase for ada';
    await laptop.accounts.changePassphrase(accountId, PASSPHRASE, next);
    await expectDomainError(laptop.session.unlock(accountId, PASSPHRASE), 'WRONG_PASSPHRASE');
    await laptop.session.unlock(accountId, next);
    laptop.session.lock();
    await expectDomainError(laptop.session.unlockRemembered(accountId), 'VAULT_LOCKED');
    await laptop.session.unlock(accountId, next, { rememberForMs: 60_000 });
    laptop.session.lock();
    expect((await laptop.session.unlockRemembered(accountId)).offline).toBe(false);
    await laptop.accounts.changePassphrase(accountId, next, PASSPHRASE);
    laptop.session.lock();
    // Changing the passphrase forgets the remembered one.
    await expectDomainError(laptop.session.unlockRemembered(accountId), 'VAULT_LOCKED');
    await laptop.session.unlock(accountId, PASSPHRASE);
  });

  it('copies to the clipboard from main and clears it after the timeout or on lock, only if still ours', async () => {
    const clock = new ManualClock();
    let content = '';
    const os = {
      readText: async () => content,
      writeSecret: async (t: string) => { content = t; },
      clear: async () => { content = ''; },
    };
    // The clear runs asynchronously (the port is async), so each check waits for it to settle.
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    const clipboard = new ClipboardService(laptop.session, laptop.secrets, os, { clock, clearAfterMs: 30_000 });
    expect(await clipboard.copy(resourceId, 'password')).toEqual({ flagged: false, clearsInMs: 30_000 });
    expect(content).toBe('p4ss-canary-1');
    clock.advance(29_000);
    expect(content).toBe('p4ss-canary-1');
    clock.advance(1_000);
    await settled();
    expect(content).toBe('');

    await clipboard.copy(resourceId, 'username');
    content = 'something the user copied meanwhile';
    clock.advance(30_000);
    await settled();
    expect(content).toBe('something the user copied meanwhile');

    await clipboard.copy(resourceId, 'password');
    laptop.session.lock('user');
    await settled();
    expect(content).toBe('');
    await laptop.session.unlock(accountId, PASSPHRASE);
    await clipboard.copy(resourceId, 'password');
    expect(await clipboard.dispose()).toBe(true);
    expect(content).toBe('');
  });

  it('lock wipes the key, the index and the tokens; a copy after lock is refused', async () => {
    const vault = laptop.session.current();
    const refreshToken = vault.tokens.refreshToken()!;
    laptop.session.lock('user');
    expect(vault.key.isWiped).toBe(true);
    expect(vault.resources.size).toBe(0);
    expect(vault.search({ text: 'mail' }).ids).toEqual([]);
    expect(vault.tokens.current()).toBeUndefined();
    expect(laptop.session.isLocked()).toBe(true);
    expect(laptop.events.at(-1)).toEqual({ event: 'session.locked', payload: { reason: 'user' } });
    // Lock also logs out on the server: the session's refresh token no longer works.
    const probe = new PassboltApi(server.url);
    await expect.poll(() => probe.auth.refresh(vault.userId, refreshToken).then(() => 'accepted', (e: unknown) => (e as ApiHttpError).status),
      { timeout: 5000 }).toBe(400);
    await expectDomainError(laptop.secrets.readField(resourceId, 'password'), 'VAULT_LOCKED');
    expect(() => laptop.vault.list()).toThrow(DomainError);
    // A lock that arrives while an unlock is still running wins; a second concurrent unlock is refused.
    const pending = laptop.session.unlock(accountId, PASSPHRASE);
    await expectDomainError(laptop.session.unlock(accountId, PASSPHRASE), 'CONFLICT');
    laptop.session.lock('screen-lock');
    await expectDomainError(pending, 'VAULT_LOCKED');
    expect(laptop.session.isLocked()).toBe(true);
  });

  it('a sync interrupted by a lock fails cleanly, and the next unlock syncs again', async () => {
    await laptop.session.unlock(accountId, PASSPHRASE);
    const running = laptop.sync.sync({ full: true });
    laptop.session.lock();
    const error = await running.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VAULT_LOCKED');
    await laptop.session.unlock(accountId, PASSPHRASE);
    expect((await laptop.sync.sync()).total).toBe(1);
    laptop.session.lock();
  });

  it('leaves no vault data, secret or private key in clear in the cache files', async () => {
    const base = laptop.stores.path(accountId);
    const files = [base, `${base}-wal`, `${base}-shm`, `${base}-journal`].filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    const canaries = ['canary-name-7f3a', 'canary-user-7f3a', 'canary-uri-7f3a', 'canary-desc-7f3a', 'p4ss-canary-1',
      'PGP PRIVATE KEY', 'PGP MESSAGE', 'ada@example.com'];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const canary of canaries) {
        expect(bytes.includes(Buffer.from(canary, 'utf8')), `${canary} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(canary, 'utf16le')), `${canary} (UTF-16) in ${file}`).toBe(false);
      }
    }
  });

  it('signs in on a new machine with the recovery kit and passphrase', async () => {
    const desktop = machine();
    const imported = await desktop.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: recoveryKit, passphrase: PASSPHRASE });
    expect(imported.account.username).toBe('ada@example.com');
    expect(imported.account.firstName).toBe('Ada');
    const result = await desktop.session.unlock(imported.account.id, PASSPHRASE);
    expect(result.offline).toBe(false);
    await desktop.sync.sync();
    expect(desktop.vault.list().map((r) => r.name)).toEqual(['Mail server canary-name-7f3a']);
    expect((await desktop.secrets.readField(resourceId, 'password')).value).toBe('p4ss-canary-1');
    desktop.session.lock();
  });

  it('unlocks offline from the cache when the server is down: reads work, edits are refused', async () => {
    await laptop.session.unlock(accountId, PASSPHRASE);
    await laptop.secrets.readField(resourceId, 'password'); // cached secret row
    await server.stop();
    // The server goes away mid-session: the failed edit turns the vault read-only.
    await expectDomainError(laptop.vault.setFavorite(resourceId, true), 'NETWORK_UNAVAILABLE');
    expect(laptop.session.status().offline).toBe(true);
    await expectDomainError(laptop.vault.update(resourceId, { name: 'x' }), 'NETWORK_UNAVAILABLE');
    laptop.session.lock();
    const result = await laptop.session.unlock(accountId, PASSPHRASE);
    expect(result).toMatchObject({ offline: true, resourceCount: 1 });
    expect(laptop.vault.list({ search: 'mail' })).toHaveLength(1);
    expect((await laptop.secrets.readField(resourceId, 'password')).value).toBe('p4ss-canary-1');
    const refused = await expectDomainError(laptop.vault.create({ name: 'x', password: 'y' }), 'NETWORK_UNAVAILABLE');
    expect(refused.message).toMatch(/offline/i);
    await expectDomainError(laptop.vault.delete(resourceId), 'NETWORK_UNAVAILABLE');
    await expectDomainError(laptop.sync.sync(), 'NETWORK_UNAVAILABLE');
    // The server is back: the next sync logs in again and the vault is editable.
    await server.restart();
    await laptop.sync.sync();
    expect(laptop.session.status().offline).toBe(false);
    await laptop.vault.setFavorite(resourceId, true);
    laptop.session.lock();
  });

  it('refuses to log in when the server key changed, showing both fingerprints', async () => {
    const pinned = laptop.registry.get(accountId);
    expect(pinned).toBeDefined();
    const dataDir = server.process.dataDir;
    copyFileSync(join(dataDir, SERVER_KEY_FILE), join(dataDir, `${SERVER_KEY_FILE}.orig`));
    writeFileSync(join(dataDir, SERVER_KEY_FILE), await generateServerKeyArmored('localhost'), { mode: 0o600 });
    await server.restart();
    const error = await expectDomainError(laptop.session.unlock(accountId, PASSPHRASE), 'KEY_CHANGED');
    const fingerprints = error.message.match(/([0-9A-F]{4} ){9}[0-9A-F]{4}/g) ?? [];
    expect(fingerprints).toHaveLength(2);
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
    expect(laptop.session.isLocked()).toBe(true);
    // After checking with the administrator, the user accepts the new key (passphrase required).
    const [known, offered] = fingerprints as [string, string];
    await expectDomainError(laptop.accounts.acceptServerKey(accountId, 'wrong passphrase', offered), 'WRONG_PASSPHRASE');
    await expectDomainError(laptop.accounts.acceptServerKey(accountId, PASSPHRASE, known), 'CONFLICT');
    await laptop.accounts.acceptServerKey(accountId, PASSPHRASE, offered);
    expect((await laptop.session.unlock(accountId, PASSPHRASE)).offline).toBe(false);
    laptop.session.lock();
    // The original key back: refused again until accepted again.
    copyFileSync(join(dataDir, `${SERVER_KEY_FILE}.orig`), join(dataDir, SERVER_KEY_FILE));
    await server.restart();
    await expectDomainError(laptop.session.unlock(accountId, PASSPHRASE), 'KEY_CHANGED');
    await laptop.accounts.acceptServerKey(accountId, PASSPHRASE, known);
    expect((await laptop.session.unlock(accountId, PASSPHRASE)).offline).toBe(false);
    laptop.session.lock();
  });

  it('keeps several accounts side by side, each with its own cache file and keychain entry, and locks after idling', async () => {
    const clock = new ManualClock();
    const shared = createDesktopMachine({
      checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), createIndex: () => new SearchIndex(), clock, idleLockMs: 60_000,
    });
    machines.push(shared);
    const adaHere = (await shared.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: recoveryKit, passphrase: PASSPHRASE })).account;
    const bobHere = (await shared.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: bobKit, passphrase: BOB_PASSPHRASE })).account;
    expect(shared.accounts.list().map((a) => a.username).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    expect(shared.stores.path(adaHere.id)).not.toBe(shared.stores.path(bobHere.id));
    expect(existsSync(shared.stores.path(adaHere.id)) && existsSync(shared.stores.path(bobHere.id))).toBe(true);
    const adaDeviceKey = await shared.keychain.get(DeviceKeyService.deviceKeyAccount(adaHere.id));
    const bobDeviceKey = await shared.keychain.get(DeviceKeyService.deviceKeyAccount(bobHere.id));
    expect(adaDeviceKey).toBeTruthy();
    expect(bobDeviceKey).toBeTruthy();
    expect(adaDeviceKey).not.toBe(bobDeviceKey);

    await shared.session.unlock(bobHere.id, BOB_PASSPHRASE);
    expect(shared.session.status()).toMatchObject({ locked: false, accountId: bobHere.id });
    await shared.session.unlock(adaHere.id, PASSPHRASE); // switching accounts locks the other one first
    expect(shared.session.status()).toMatchObject({ locked: false, accountId: adaHere.id });
    expect(shared.events.filter((e) => e.event === 'session.locked')).toHaveLength(1);

    clock.advance(59_000);
    expect(shared.session.isLocked()).toBe(false);
    shared.session.touch(); // activity restarts the countdown
    clock.advance(59_000);
    expect(shared.session.isLocked()).toBe(false);
    clock.advance(2_000);
    expect(shared.session.isLocked()).toBe(true);
    expect(shared.events.at(-1)).toEqual({ event: 'session.locked', payload: { reason: 'idle' } });

    await shared.accounts.remove(bobHere.id);
    expect(existsSync(shared.stores.path(bobHere.id))).toBe(false);
    expect(await shared.keychain.get(DeviceKeyService.deviceKeyAccount(bobHere.id))).toBeNull();
    expect(shared.accounts.list().map((a) => a.id)).toEqual([adaHere.id]);
  });

  it('signs in with an existing RSA key of a Passbolt-style account (plain armored key, user id given; a weak passphrase is only flagged)', async () => {
    const adminMachine = machine();
    const admin = adminMachine.accounts.list()[0] ?? (await adminMachine.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: recoveryKit, passphrase: PASSPHRASE })).account;
    await adminMachine.session.unlock(admin.id, PASSPHRASE);
    const { userId } = await adminMachine.admin.invite({ username: 'rsa@example.com', firstName: 'Rita', lastName: 'Rsa' });
    const { token } = parseInvitation(await server.invitationLink('rsa@example.com'));
    const rsaPassphrase = 'oldrsa99'; // weak: on import the policy only recommends
    const rsa = await generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ name: 'Rita Rsa', email: 'rsa@example.com' }], passphrase: rsaPassphrase, format: 'armored' });
    await new PassboltApi(server.url).setup.complete(userId, token, rsa.publicKey);

    const newMachine = machine();
    await expectDomainError(newMachine.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: rsa.privateKey, passphrase: rsaPassphrase }), 'POLICY_VIOLATION');
    await expectDomainError(newMachine.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: rsa.privateKey, passphrase: 'nope', userId }), 'WRONG_PASSPHRASE');
    const imported = await newMachine.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: rsa.privateKey, passphrase: rsaPassphrase, userId });
    expect(imported.account).toMatchObject({ username: 'rsa@example.com', firstName: 'Rita', userId });
    expect(imported.verdict?.allowed).toBe(true);
    expect(imported.verdict?.problems.map((p) => [p.code, p.severity])).toContainEqual(['entropy-too-low', 'recommendation']);
    await newMachine.session.unlock(imported.account.id, rsaPassphrase);
    const item = await newMachine.vault.create({ name: 'Legacy system', password: 'rsa-canary' });
    expect(await newMachine.secrets.readField(item.id, 'password')).toMatchObject({ value: 'rsa-canary', signature: 'valid' });
    await adminMachine.sync.sync();
    expect(adminMachine.session.current().users.get(userId)?.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    newMachine.session.lock();
    adminMachine.session.lock();
  });
});
