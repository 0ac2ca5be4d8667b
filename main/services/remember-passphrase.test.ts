// "Remember my passphrase" against the real OS keychain (keytar + gnome-keyring on the private D-Bus session the
// vitest global setup starts), a real profile folder and a real server: the passphrase unlocks again in the same
// run, nothing the keychain or the profile holds gives it back, and after a restart (new services over the same
// profile and keychain) it is gone and the passphrase is asked for again.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../common/ipc';
import { RowSealer, SealError } from '../cache/row-sealer';
import { DeviceKeyService } from './device-key.service';
import { PassphrasePolicyService } from './passphrase-policy.service';
import { SearchIndex } from './search/search.service';
import { createDesktopMachine, type DesktopMachine } from './test-support/desktop-machine';
import { startRangeApi, type RangeApi } from './test-support/range-api';
import { startTestServer, type TestServer } from './test-support/server';

const PASSPHRASE = 'quartz harbour lantern meadow ninety-one';

let server: TestServer;
let rangeApi: RangeApi;
const keychainService = `Tessera-test-${randomBytes(4).toString('hex')}`;
const open: DesktopMachine[] = [];

/** The app as it starts on this computer: fresh services over the given profile folder and the same keychain. */
function start(dir?: string): DesktopMachine {
  const machine = createDesktopMachine({
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), createIndex: () => new SearchIndex(), keychainService,
    ...(dir ? { dir } : {}),
  });
  open.push(machine);
  return machine;
}

/** Quitting: the vault locks and the crypto threads stop; the keychain and the profile stay as they are. */
async function quit(machine: DesktopMachine): Promise<void> {
  machine.session.lock('user');
  await machine.pool.dispose();
}

async function keychainEntries(): Promise<Array<{ account: string; password: string }>> {
  const keytar = (await import('keytar')) as unknown as { default?: typeof import('keytar') } & typeof import('keytar');
  return (keytar.default ?? keytar).findCredentials(keychainService);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every way the passphrase could be written out as it is (or nearly), to look for in stored bytes. */
function plainForms(passphrase: string): Buffer[] {
  const utf8 = Buffer.from(passphrase, 'utf8');
  return [utf8, Buffer.from(passphrase, 'utf16le'), Buffer.from(utf8.toString('base64')), Buffer.from(utf8.toString('hex')),
    Buffer.from(JSON.stringify(passphrase).slice(1, -1))];
}

async function expectLocked(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('VAULT_LOCKED');
}

beforeAll(async () => {
  rangeApi = await startRangeApi([]);
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  // The last machine removes the account's keychain entries; the first one's folder goes with it.
  for (const machine of open.reverse()) await machine.close();
  await server?.destroy();
  await rangeApi?.close();
});

describe('remembering the passphrase', () => {
  it('unlocks again in the same run; neither the keychain nor the profile holds anything that gives it back; gone after a restart', async () => {
    const first = start();
    const { account } = await first.accounts.join(await server.createAdminLink('remember@example.com'), PASSPHRASE);
    const accountId = account.id;
    await first.session.unlock(accountId, PASSPHRASE, { rememberForMs: 8 * 3600_000 });
    await first.vault.create({ name: 'Remembered canary', password: 'canary-secret' });
    first.session.lock('idle');

    // Same run: the remembered passphrase unlocks without being typed.
    expect(await first.deviceKeys.rememberedUntil(accountId)).toBeGreaterThan(Date.now());
    expect((await first.session.unlockRemembered(accountId)).offline).toBe(false);
    first.session.lock('user');

    // Everything the OS keychain holds for Tessera, and every file of the profile.
    const entries = await keychainEntries();
    expect(entries.map((e) => e.account).sort()).toEqual([DeviceKeyService.deviceKeyAccount(accountId), DeviceKeyService.passphraseAccount(accountId)].sort());
    const files = filesUnder(first.dir);
    expect(files.length).toBeGreaterThan(0);
    for (const stored of [...entries.map((e) => Buffer.from(e.password, 'utf8')), ...files.map((f) => readFileSync(f))]) {
      for (const form of plainForms(PASSPHRASE)) expect(stored.includes(form)).toBe(false);
    }
    // The sealed entry does not open with any key the keychain holds (the device key included), under the binding
    // it uses or the first format's.
    const remembered = entries.find((e) => e.account === DeviceKeyService.passphraseAccount(accountId));
    const entry = JSON.parse(remembered?.password ?? '{}') as { v: number; run: string; until: number; sealed: string };
    expect(entry.v).toBe(2);
    const keyCandidates = entries.map((e) => Buffer.from(e.password, 'base64')).filter((k) => k.length === 32);
    expect(keyCandidates).toHaveLength(1);
    for (const key of keyCandidates) {
      const sealer = new RowSealer(key);
      for (const id of [`${accountId}:${entry.until}:${entry.run}`, `${accountId}:${entry.until}`]) {
        expect(() => sealer.open(Buffer.from(entry.sealed, 'base64'), 'remembered-passphrase', id)).toThrow(SealError);
      }
    }

    // Restart: new services over the same profile folder and keychain.
    await quit(first);
    const second = start(first.dir);
    expect(await second.deviceKeys.rememberedUntil(accountId)).toBeUndefined();
    await expectLocked(second.session.unlockRemembered(accountId));
    expect((await keychainEntries()).map((e) => e.account)).toEqual([DeviceKeyService.deviceKeyAccount(accountId)]);
    // The app asks for the passphrase, which opens the same cache and account.
    const unlocked = await second.session.unlock(accountId, PASSPHRASE);
    expect(unlocked.resourceCount).toBe(1);
    // A remembered passphrase that no longer opens the key (changed on another computer) is forgotten.
    second.session.lock('user');
    await second.deviceKeys.remember(accountId, 'the passphrase before a change elsewhere', Date.now() + 60_000);
    await expectLocked(second.session.unlockRemembered(accountId));
    expect(await second.deviceKeys.rememberedUntil(accountId)).toBeUndefined();
    // Logout forgets what this run remembered, as before.
    await second.session.unlock(accountId, PASSPHRASE, { rememberForMs: 60_000 });
    await second.session.logout();
    await expectLocked(second.session.unlockRemembered(accountId));
    expect((await keychainEntries()).map((e) => e.account)).toEqual([DeviceKeyService.deviceKeyAccount(accountId)]);
  });
});
