// Device keys sealed with the passphrase (no OS keychain): the key file on its own, then the whole desktop
// composition built with `keychain: 'none'` against a real server process and real OpenPGP.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../common/ipc';
import { buildDesktopServices, type DesktopServices } from '../electron/desktop-services';
import { PassphrasePolicyService } from './passphrase-policy.service';
import { DEFAULT_SCRYPT, DeviceKeyFileError, PassphraseSealedDeviceKeys } from './passphrase-sealed-device-keys';
import { PRIVATE_KEY_SETTING } from './session.service';
import { startTestServer, type TestServer } from './test-support/server';

const ACCOUNT = '7f1c2a9e-4b3d-4e5f-8a6b-1c2d3e4f5a6b';
const PASSPHRASE = 'sealed device key passphrase 2026';
const NEW_PASSPHRASE = 'a different sealed passphrase for 2027';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? error.code : (error as Error).name;
  }
  return 'resolved';
}

describe('PassphraseSealedDeviceKeys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-device-keys-'));
  const keys = new PassphraseSealedDeviceKeys(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wraps a random key with scrypt (N=2^17, r=8, p=1) and AES-256-GCM in a 0600 file without the key in it', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const key = await keys.create(ACCOUNT, PASSPHRASE);
    const file = keys.path(ACCOUNT);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    for (const form of [key.toString('hex'), key.toString('base64'), key.toString('base64url'), key.toString('latin1')]) {
      expect(text).not.toContain(form);
    }
    expect(text).not.toContain(PASSPHRASE);
    const stored = JSON.parse(text) as { wraps: { N: number; r: number; p: number }[] };
    expect(stored.wraps).toHaveLength(1);
    expect(stored.wraps[0]).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });

    const started = performance.now();
    const opened = await keys.unwrap(ACCOUNT, PASSPHRASE);
    const ms = performance.now() - started;
    expect(opened.key.equals(key)).toBe(true);
    expect(ms).toBeGreaterThan(20); // a real memory-hard derivation, not a shortcut
    key.fill(0);
    opened.key.fill(0);
    expect(await codeOf(keys.unwrap(ACCOUNT, 'not the passphrase'))).toBe('WRONG_PASSPHRASE');
    await expect(keys.create(ACCOUNT, PASSPHRASE)).rejects.toBeInstanceOf(DeviceKeyFileError);
  }, 60_000);

  it('refuses to remember a passphrase, and has nothing to forget', async () => {
    expect(keys.canRemember()).toBe(false);
    const remember = keys.remember();
    await expect(remember).rejects.toMatchObject({ code: 'POLICY_VIOLATION' });
    await expect(remember).rejects.toThrow(/keychain/);
    await expect(keys.recall()).rejects.toMatchObject({ code: 'POLICY_VIOLATION' });
    await expect(keys.forget()).resolves.toBeUndefined();
    expect(await keys.rememberedUntil()).toBeUndefined();
  });

  it('reports a damaged or altered file clearly and leaves it in place', async () => {
    const file = keys.path(ACCOUNT);
    const original = readFileSync(file, 'utf8');
    const parsed = JSON.parse(original) as { wraps: Record<string, unknown>[] };
    const flip = (b64: string) => { const b = Buffer.from(b64, 'base64'); b[0]! ^= 1; return b.toString('base64'); };
    const variants: string[] = [
      'not json',
      original.slice(0, original.length / 2),
      JSON.stringify({ ...parsed, wraps: [{ ...parsed.wraps[0], ciphertext: flip(parsed.wraps[0]!.ciphertext as string) }] }),
      JSON.stringify({ ...parsed, wraps: [{ ...parsed.wraps[0], N: 2 ** 30 }] }),
      JSON.stringify({ ...parsed, account: '00000000-0000-4000-8000-000000000000' }),
    ];
    for (const variant of variants) {
      writeFileSync(file, variant);
      const error = await keys.unwrap(ACCOUNT, PASSPHRASE).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceKeyFileError);
      expect((error as Error).message).toMatch(/damaged or was altered/);
      expect((error as Error).message).not.toContain(PASSPHRASE);
      expect(readFileSync(file, 'utf8')).toBe(variant);
    }
    writeFileSync(file, original, { mode: 0o600 });
    (await keys.unwrap(ACCOUNT, PASSPHRASE)).key.fill(0);
  }, 60_000);
});

describe('desktop services without an OS keychain', () => {
  let server: TestServer;
  let services: DesktopServices;
  let accountId: string;
  const profile = mkdtempSync(join(tmpdir(), 'tessera-no-keychain-'));

  beforeAll(async () => {
    server = await startTestServer();
    services = buildDesktopServices({
      userDataDir: profile, keychain: 'none', poolSize: 1, events: { publish: () => undefined },
      checker: new PassphrasePolicyService({ rangeApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 }),
    });
    const joined = await services.accounts.join(await server.createAdminLink('nokeychain@example.com', 'Nola', 'Keyless'), PASSPHRASE);
    accountId = joined.account.id;
  }, 120_000);

  afterAll(async () => {
    await services?.dispose();
    await server?.destroy();
    rmSync(profile, { recursive: true, force: true });
  });

  const keyFile = () => join(profile, 'device-keys', `${accountId}.json`);

  it('joins with the device key sealed in the profile, and does not offer to remember', async () => {
    expect(services.keychainKind).toBe('passphrase');
    expect(services.canRemember()).toBe(false);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const opened = await (services.deviceKeys as PassphraseSealedDeviceKeys).unwrap(accountId, PASSPHRASE);
    expect(readFileSync(keyFile(), 'utf8')).not.toContain(opened.key.toString('base64'));
    opened.key.fill(0);
    await expect(services.session.unlockRemembered(accountId)).rejects.toMatchObject({ code: 'POLICY_VIOLATION' });
  }, 60_000);

  it('unlocks with the passphrase after a lock, and refuses a wrong one with WRONG_PASSPHRASE', async () => {
    const unlocked = await services.session.unlock(accountId, PASSPHRASE);
    expect(unlocked.accountId).toBe(accountId);
    services.session.lock('user');
    expect(services.session.isLocked()).toBe(true);
    expect(await codeOf(services.session.unlock(accountId, 'wrong passphrase, same length!!!'))).toBe('WRONG_PASSPHRASE');
    expect(services.session.isLocked()).toBe(true);
    await services.session.unlock(accountId, PASSPHRASE);
    services.session.lock('user');
  }, 60_000);

  it('re-wraps the device key when the passphrase changes (locked and unlocked)', async () => {
    await services.accounts.changePassphrase(accountId, PASSPHRASE, NEW_PASSPHRASE);
    expect((JSON.parse(readFileSync(keyFile(), 'utf8')) as { wraps: unknown[] }).wraps).toHaveLength(1);
    expect(await codeOf(services.session.unlock(accountId, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    await services.session.unlock(accountId, NEW_PASSPHRASE);
    // Back again while unlocked: the open vault's cache takes the new private key and the file its new wrap.
    await services.accounts.changePassphrase(accountId, NEW_PASSPHRASE, PASSPHRASE);
    services.session.lock('user');
    expect(await codeOf(services.session.unlock(accountId, NEW_PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    await services.session.unlock(accountId, PASSPHRASE);
    services.session.lock('user');
    expect(await services.accounts.exportRecoveryKit(accountId, PASSPHRASE)).toContain('BEGIN PGP PRIVATE KEY BLOCK');
  }, 120_000);

  it('keeps the right wrap after a passphrase change interrupted before the private key was stored', async () => {
    const keys = services.deviceKeys as PassphraseSealedDeviceKeys;
    await keys.addWrap(accountId, PASSPHRASE, NEW_PASSPHRASE); // as if the process died right after this step
    expect((JSON.parse(readFileSync(keyFile(), 'utf8')) as { wraps: unknown[] }).wraps).toHaveLength(2);
    // The new passphrase opens its wrap but not the stored private key: refused, and its stale wrap is dropped.
    expect(await codeOf(services.session.unlock(accountId, NEW_PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    expect((JSON.parse(readFileSync(keyFile(), 'utf8')) as { wraps: unknown[] }).wraps).toHaveLength(1);
    expect(await codeOf(services.session.unlock(accountId, NEW_PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    await services.session.unlock(accountId, PASSPHRASE);
    services.session.lock('user');
  }, 120_000);

  it('keeps the right wrap after a passphrase change interrupted after the private key was stored', async () => {
    const keys = services.deviceKeys as PassphraseSealedDeviceKeys;
    const store = await services.stores.open(accountId, PASSPHRASE);
    try {
      await keys.addWrap(accountId, PASSPHRASE, NEW_PASSPHRASE);
      const armored = store.getSetting(PRIVATE_KEY_SETTING) as string;
      store.setSetting(PRIVATE_KEY_SETTING, await services.crypto.changePassphrase(armored, PASSPHRASE, NEW_PASSPHRASE));
    } finally {
      store.close(); // as if the process died before the old wrap was dropped
    }
    expect(await codeOf(services.session.unlock(accountId, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    expect((JSON.parse(readFileSync(keyFile(), 'utf8')) as { wraps: unknown[] }).wraps).toHaveLength(1);
    await services.session.unlock(accountId, NEW_PASSPHRASE);
    await services.accounts.changePassphrase(accountId, NEW_PASSPHRASE, PASSPHRASE);
    services.session.lock('user');
  }, 120_000);

  it('reports a tampered key file clearly, loses nothing, and opens again once it is restored', async () => {
    const original = readFileSync(keyFile(), 'utf8');
    const cacheBefore = readFileSync(services.stores.path(accountId));
    writeFileSync(keyFile(), original.replace(/"tag": "./, (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A')));
    const error = await services.session.unlock(accountId, PASSPHRASE).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceKeyFileError);
    // The window gets the code and the sentence, not INTERNAL.
    expect(error).toMatchObject({ code: 'LOCAL_DATA_DAMAGED', message: expect.stringMatching(/device key file is damaged/) });
    expect(readFileSync(services.stores.path(accountId)).equals(cacheBefore)).toBe(true);
    writeFileSync(keyFile(), original, { mode: 0o600 });
    await services.session.unlock(accountId, PASSPHRASE);
    services.session.lock('user');
  }, 60_000);

  it('removes the key file with the account', async () => {
    await services.accounts.remove(accountId);
    expect(existsSync(keyFile())).toBe(false);
    expect(existsSync(services.stores.path(accountId))).toBe(false);
  });
});
