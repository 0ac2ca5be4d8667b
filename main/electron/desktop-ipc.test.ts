// The window's whole IPC surface, called as the renderer calls it: through the dispatcher (sender check, payload
// parsing, response check) into the real services, against a real server process, real OpenPGP and the real OS
// keychain. What the renderer receives is checked for what must never be in it (keys, passphrases, stacks).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, IpcResult } from '../../common/ipc';
import { KeytarKeychain } from '../keychain/keytar-keychain';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import { startRangeApi, type RangeApi } from '../services/test-support/range-api';
import { startTestServer, type TestServer } from '../services/test-support/server';
import { buildDesktopIpc, type DesktopIpc } from './desktop-ipc';
import type { IpcSender } from './ipc-dispatch';

const ORIGIN = 'app://tessera';
const APP: IpcSender = { url: `${ORIGIN}/index.html`, isMainFrame: true };
const PASSPHRASE = 'quiet harbour lantern eleven copper meadow';
const LEAKED = 'password password password';

let server: TestServer;
let rangeApi: RangeApi;
let desktop: DesktopIpc;
let dir: string;
let clipboardText = '';
const opened: string[] = [];
const saved: { name: string; contents: string }[] = [];
const events: { event: string; payload: unknown }[] = [];
const internalErrors: string[] = [];

async function call<T = unknown>(method: string, payload?: unknown, sender: IpcSender = APP): Promise<IpcResult<T>> {
  return desktop.dispatch(sender, method, payload) as Promise<IpcResult<T>>;
}

async function value<T = Record<string, unknown>>(method: string, payload?: unknown): Promise<T> {
  const result = await call<T>(method, payload);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  rangeApi = await startRangeApi([LEAKED]);
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'tessera-ipc-'));
  desktop = buildDesktopIpc({
    userDataDir: dir,
    keychain: new KeytarKeychain(`Tessera-test-${randomBytes(4).toString('hex')}`),
    events: { publish<E extends EventName>(event: E, payload: EventPayload<E>) { events.push({ event, payload }); } },
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }),
    poolSize: 1,
    version: '0.0.0-test', platform: process.platform, appOrigin: ORIGIN,
    clipboard: {
      readText: async () => clipboardText,
      writeSecret: async (text) => { clipboardText = text; },
      clear: async () => { clipboardText = ''; },
    },
    files: { save: async (name, contents) => { saved.push({ name, contents }); return { saved: true, path: join(dir, name) }; } },
    openExternal: async (url) => { opened.push(url); },
    rememberAvailable: true,
    syncIntervalMs: 0,
    onInternalError: (method) => internalErrors.push(method),
  });
}, 120_000);

afterAll(async () => {
  for (const account of desktop?.services.registry.list() ?? []) await desktop.services.deviceKeys.deleteAccount(account.id).catch(() => undefined);
  await desktop?.dispose();
  await server?.destroy();
  await rangeApi?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the window\'s IPC surface against a real server', () => {
  let accountId = '';
  let githubId = '';

  it('refuses callers that are not the app\'s main frame, and payloads that break the contract', async () => {
    expect(await call('app.info', undefined, { url: 'https://evil.example/', isMainFrame: true })).toMatchObject({ ok: false, error: { code: 'INVALID_SENDER' } });
    expect(await call('app.info', undefined, { url: APP.url, isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'INVALID_SENDER' } });
    expect(await call('session.unlock', { accountId: '../../etc', passphrase: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await call('vault.query', { limit: 100_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    // Locked: a domain error with a sentence, not a stack.
    const locked = await call('vault.query', {});
    expect(locked).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(JSON.stringify(locked)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('previews and joins an invitation; the recovery kit is saved by main, never returned', async () => {
    const link = await server.createAdminLink('ada@example.com', 'Ada', 'Lovelace');
    const preview = await value<{ username: string; serverFingerprint: string; passphrasePolicy: { entropyMinimum: number } }>('account.previewJoin', { invitationLink: link });
    expect(preview).toMatchObject({ username: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    expect(preview.serverFingerprint).toMatch(/^[0-9A-F]{40}$/);

    const leaked = await value<{ allowed: boolean; dictionary: string }>('policy.evaluate', { passphrase: LEAKED, policy: preview.passphrasePolicy });
    expect(leaked).toMatchObject({ allowed: false, dictionary: 'leaked' });
    expect(await call('account.join', { invitationLink: link, passphrase: LEAKED })).toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });

    const joined = await value<{ account: { id: string; username: string } }>('account.join', { invitationLink: link, passphrase: PASSPHRASE });
    accountId = joined.account.id;
    expect(JSON.stringify(joined)).not.toContain('PRIVATE KEY');
    expect(await value('account.saveRecoveryKit', { accountId })).toEqual({ saved: true, path: join(dir, 'tessera-recovery-kit-ada@example.com.asc') });
    expect(saved.at(-1)?.contents).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
    // Saved once: a second save has nothing pending.
    expect(await call('account.saveRecoveryKit', { accountId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await value('account.list')).toEqual({ accounts: [expect.objectContaining({ id: accountId, username: 'ada@example.com' })] });
  }, 60_000);

  it('unlocks: a wrong passphrase is a sentence; the right one opens the vault and starts a sync', async () => {
    expect(await call('session.unlock', { accountId, passphrase: 'not it' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await value('session.unlock', { accountId, passphrase: PASSPHRASE })).toMatchObject({ accountId, offline: false });
    await expect.poll(async () => (await value<{ state: string }>('sync.status')).state, { timeout: 10_000 }).toBe('idle');
    expect(await value('session.status')).toMatchObject({ locked: false, accountId, rememberAvailable: true });
    expect(events.some((e) => e.event === 'sync.status')).toBe(true);
  }, 30_000);

  it('creates, queries in windows, reads details, edits, favorites and deletes items', async () => {
    const github = await value<{ id: string; permission: number }>('vault.create', {
      name: 'GitHub', username: 'ada', uri: 'github.com', description: 'work account', password: 'gh-p4ss-canary',
    });
    githubId = github.id;
    expect(github.permission).toBe(15);
    expect(JSON.stringify(github)).not.toContain('gh-p4ss-canary');
    for (let i = 0; i < 30; i++) await value('vault.create', { name: `Server ${String(i).padStart(2, '0')}`, password: `pw-${i}` });

    const first = await value<{ total: number; rows: { name: string }[] }>('vault.query', { limit: 10 });
    expect(first.total).toBe(31);
    expect(first.rows.map((r) => r.name)).toEqual(['GitHub', ...Array.from({ length: 9 }, (_, i) => `Server 0${i}`)]);
    const window = await value<{ offset: number; rows: { name: string }[] }>('vault.query', { offset: 25, limit: 10 });
    expect(window.offset).toBe(25);
    expect(window.rows.map((r) => r.name)).toEqual(['Server 24', 'Server 25', 'Server 26', 'Server 27', 'Server 28', 'Server 29']);
    const found = await value<{ total: number; rows: { id: string }[] }>('vault.query', { search: 'git', sort: 'relevance' });
    expect(found.rows.map((r) => r.id)).toEqual([githubId]);
    expect(await value('vault.position', { id: githubId, sort: 'name', direction: 'desc' })).toEqual({ index: 30 });

    expect(await value('vault.get', { id: githubId })).toMatchObject({
      name: 'GitHub', username: 'ada', uri: 'github.com', descriptionEncrypted: true, description: null,
      access: [{ aro: 'User', name: 'Ada Lovelace (ada@example.com)', type: 15 }],
    });
    expect(await value('secret.reveal', { resourceId: githubId, field: 'description' })).toMatchObject({ value: 'work account', flagged: false });

    const edited = await value<{ name: string }>('vault.update', { id: githubId, name: 'GitHub (work)', password: 'gh-n3w-canary' });
    expect(edited.name).toBe('GitHub (work)');
    expect(await value('secret.reveal', { resourceId: githubId, field: 'password' })).toMatchObject({ value: 'gh-n3w-canary' });
    // An edit that leaves the password alone keeps it.
    await value('vault.update', { id: githubId, username: 'ada.lovelace' });
    expect(await value('secret.reveal', { resourceId: githubId, field: 'password' })).toMatchObject({ value: 'gh-n3w-canary' });

    expect(await value('vault.favorite', { id: githubId, favorite: true })).toMatchObject({ favorite: true });
    expect(await value('vault.query', { filter: { kind: 'favorites' } })).toMatchObject({ total: 1, rows: [{ id: githubId }] });
    expect(events.filter((e) => e.event === 'vault.changed').length).toBeGreaterThan(30);

    const doomed = (await value<{ rows: { id: string }[] }>('vault.query', { search: 'Server 29' })).rows[0]!.id;
    expect(await value('vault.delete', { id: doomed })).toBeNull();
    expect(await call('vault.get', { id: doomed })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await value<{ total: number }>('vault.query', {})).total).toBe(30);
  }, 60_000);

  it('copies in main and clears later; the value never crosses to the renderer', async () => {
    const copied = await value('clipboard.copy', { resourceId: githubId, field: 'password' });
    expect(copied).toEqual({ flagged: false, clearsInMs: 30_000 });
    expect(clipboardText).toBe('gh-n3w-canary');
    await value('clipboard.copy', { resourceId: githubId, field: 'username' });
    expect(clipboardText).toBe('ada.lovelace');
  });

  it('opens only http(s) addresses, through main', async () => {
    expect(await value('vault.openUri', { id: githubId })).toBeNull();
    expect(opened).toEqual(['https://github.com/']);
    const hostile = await value<{ id: string }>('vault.create', { name: 'Hostile', uri: 'javascript:alert(1)', password: 'x' });
    expect(await call('vault.openUri', { id: hostile.id })).toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });
    expect(opened).toHaveLength(1);
  });

  it('generates under the organisation\'s policy, adjusted by the user', async () => {
    const byDefault = await value<{ value: string; options: { kind: string; length: number } }>('generator.generate');
    expect(byDefault.options).toMatchObject({ kind: 'password', length: 18 });
    expect(byDefault.value).toHaveLength(18);
    const digits = await value<{ value: string }>('generator.generate', { length: 24, uppercase: false, lowercase: false, symbols: false, digits: true });
    expect(digits.value).toMatch(/^[0-9]{24}$/);
    const words = await value<{ value: string; options: { kind: string } }>('generator.generate', { kind: 'passphrase', words: 5 });
    expect(words.value.split(' ')).toHaveLength(5);
    expect(await call('generator.generate', { uppercase: false, lowercase: false, digits: false, symbols: false }))
      .toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });
  });

  it('syncs on demand and reports its state', async () => {
    expect(await value('sync.now')).toMatchObject({ total: 31 });
    expect(await value('sync.status')).toMatchObject({ state: 'idle', lastSync: expect.any(Number) });
  });

  it('goes offline and read-only when the server stops, and recovers when it returns', async () => {
    await server.stop();
    expect(await call('sync.now')).toMatchObject({ ok: false, error: { code: 'NETWORK_UNAVAILABLE' } });
    expect(await value('sync.status')).toMatchObject({ state: 'offline' });
    expect(await value('session.status')).toMatchObject({ offline: true });
    // Reading and copying what is on this computer still works.
    expect((await value<{ total: number }>('vault.query', {})).total).toBe(31);
    expect(await value('clipboard.copy', { resourceId: githubId, field: 'password' })).toMatchObject({ clearsInMs: 30_000 });
    expect(await call('vault.create', { name: 'Offline', password: 'x' })).toMatchObject({ ok: false, error: { code: 'NETWORK_UNAVAILABLE' } });
    await server.restart();
    // The restarted server listens on a new port only when asked; the account's URL still works.
    expect(await value('sync.now')).toMatchObject({ total: 31 });
    expect(await value('session.status')).toMatchObject({ offline: false });
  }, 60_000);

  it('locks on demand: the vault is gone from main and the renderer is told', async () => {
    expect(await value('session.lock')).toBeNull();
    expect(events.at(-1)).toEqual({ event: 'session.locked', payload: { reason: 'user' } });
    expect(await call('vault.get', { id: githubId })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    // The copy made before the lock was cleared by it.
    expect(clipboardText).toBe('');
  });

  it('remembers a passphrase only when asked, and forgets it on logout', async () => {
    expect(await call('session.unlockRemembered', { accountId })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    // Remembering is off until Settings allow it.
    expect(await call('session.unlock', { accountId, passphrase: PASSPHRASE, rememberForMs: 60_000 })).toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });
    await value('settings.update', { rememberPassphraseMinutes: 10 });
    await value('session.unlock', { accountId, passphrase: PASSPHRASE, rememberForMs: 60_000 });
    expect((await value<{ until: number | null }>('session.remembered', { accountId })).until).toBeGreaterThan(Date.now());
    await value('session.lock');
    expect(await value('session.unlockRemembered', { accountId })).toMatchObject({ accountId });
    await value('session.logout');
    expect(await value('session.remembered', { accountId })).toEqual({ until: null });
  }, 30_000);

  it('exports the recovery kit again only with the passphrase, and changes the passphrase under the policy', async () => {
    expect(await call('account.exportKit', { accountId, passphrase: 'wrong' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await value('account.exportKit', { accountId, passphrase: PASSPHRASE })).toMatchObject({ saved: true });
    const next = 'seven orange kites over a silent harbour';
    expect(await call('account.changePassphrase', { accountId, oldPassphrase: PASSPHRASE, newPassphrase: 'short' }))
      .toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });
    expect(await value('account.changePassphrase', { accountId, oldPassphrase: PASSPHRASE, newPassphrase: next })).toMatchObject({ verdict: { allowed: true } });
    expect(await call('session.unlock', { accountId, passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await value('session.unlock', { accountId, passphrase: next })).toMatchObject({ accountId });
    await value('session.lock');
  }, 60_000);

  it('applies settings to the running services, keeps them in the profile, and refuses out-of-range values', async () => {
    const before = await value<{ settings: { clipboardClearSeconds: number }; shortcut: { registered: boolean; message: string } }>('settings.get');
    expect(before.settings.clipboardClearSeconds).toBe(30);
    expect(before.shortcut).toMatchObject({ registered: false, message: expect.stringContaining('desktop app') });
    await value('settings.update', { clipboardClearSeconds: 45, autoLockMinutes: 5, rememberPassphraseMinutes: 60 });
    expect(events.at(-1)).toMatchObject({ event: 'settings.changed', payload: { settings: { clipboardClearSeconds: 45 } } });
    expect(desktop.services.session.idleLock()).toBe(5 * 60_000);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ clipboardClearSeconds: 45, autoLockMinutes: 5 });
    expect(await call('settings.update', { clipboardClearSeconds: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const next = 'seven orange kites over a silent harbour';
    // Remembering longer than the setting allows is refused.
    expect(await call('session.unlock', { accountId, passphrase: next, rememberForMs: 2 * 60 * 60_000 })).toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION' } });
    await value('session.unlock', { accountId, passphrase: next });
    expect(await value('clipboard.copy', { resourceId: githubId, field: 'password' })).toMatchObject({ clearsInMs: 45_000 });
    await value('session.lock');
  }, 30_000);

  it('never reported an internal error, and removes the account on request', async () => {
    expect(internalErrors).toEqual([]);
    expect(await value('account.remove', { accountId })).toBeNull();
    expect(await value('account.list')).toEqual({ accounts: [] });
    // Nothing of the vault is left in the profile's cache folder.
    expect(() => readFileSync(join(dir, 'caches', `${accountId}.db`))).toThrow();
  });
});
