// DeviceKeyService against the in-memory keychain (unit) and the real gnome-keyring through keytar (integration).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_MAX_VALUE_BYTES, type Keychain } from '../keychain/keychain';
import { KeytarKeychain } from '../keychain/keytar-keychain';
import { MemoryKeychain } from '../keychain/memory-keychain';
import { RowSealer, SealError } from '../cache/row-sealer';
import { CorruptDeviceKeyError, DeviceKeyService } from './device-key.service';

const HOUR = 3600_000;

function clock(start = 1_800_000_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe.each([
  ['memory keychain', () => new MemoryKeychain() as Keychain],
  ['real keychain (keytar + gnome-keyring)', () => new KeytarKeychain('Tessera-test') as Keychain],
])('DeviceKeyService (%s)', (_label, makeKeychain) => {
  it('creates a random 256-bit device key on first use and returns the same one afterwards', async () => {
    const keychain = makeKeychain();
    const service = new DeviceKeyService(keychain);
    const account = randomUUID();
    expect(await service.get(account)).toBeNull();
    const key = await service.getOrCreate(account);
    expect(key).toHaveLength(32);
    expect((await service.getOrCreate(account)).equals(key)).toBe(true);
    expect(await keychain.get(DeviceKeyService.deviceKeyAccount(account))).toBe(key.toString('base64'));
    const other = await service.getOrCreate(randomUUID());
    expect(other.equals(key)).toBe(false);
    // The caller may zero what it got without harming the stored key.
    key.fill(0);
    expect((await service.get(account))?.some((b) => b !== 0)).toBe(true);
    await service.deleteAccount(account);
    expect(await service.get(account)).toBeNull();
  });

  it('gives concurrent first callers the same key', async () => {
    const service = new DeviceKeyService(makeKeychain());
    const account = randomUUID();
    const keys = await Promise.all([service.getOrCreate(account), service.getOrCreate(account), service.getOrCreate(account)]);
    expect(keys[1]?.equals(keys[0] as Buffer)).toBe(true);
    expect(keys[2]?.equals(keys[0] as Buffer)).toBe(true);
    await service.deleteAccount(account);
  });

  it('remembers a passphrase until it expires, then deletes the entry on read', async () => {
    const keychain = makeKeychain();
    const time = clock();
    const service = new DeviceKeyService(keychain, { now: time.now });
    const account = randomUUID();
    expect(await service.recall(account)).toBeUndefined(); // off by default
    await service.remember(account, 'correct horse battery staple ✓', time.now() + 8 * HOUR);
    const stored = await keychain.get(DeviceKeyService.passphraseAccount(account));
    expect(stored).not.toContain('correct horse');
    expect(Buffer.byteLength(stored ?? '')).toBeLessThan(KEYCHAIN_MAX_VALUE_BYTES);
    expect(await service.recall(account)).toBe('correct horse battery staple ✓');
    expect(await service.rememberedUntil(account)).toBe(time.now() + 8 * HOUR);
    time.advance(8 * HOUR);
    expect(await service.recall(account)).toBeUndefined();
    expect(await keychain.get(DeviceKeyService.passphraseAccount(account))).toBeNull();
    await service.deleteAccount(account);
  });

  it('forgets on request and refuses bad durations', async () => {
    const time = clock();
    const service = new DeviceKeyService(makeKeychain(), { now: time.now, maxRememberMs: 24 * HOUR });
    const account = randomUUID();
    await expect(service.remember(account, 'p', time.now() - 1)).rejects.toBeInstanceOf(RangeError);
    await expect(service.remember(account, 'p', time.now() + 25 * HOUR)).rejects.toBeInstanceOf(RangeError);
    await service.remember(account, 'p', time.now() + HOUR);
    await service.forget(account);
    expect(await service.recall(account)).toBeUndefined();
    await service.deleteAccount(account);
  });

  it('treats an entry whose expiry was edited, or that is garbage, as gone', async () => {
    const keychain = makeKeychain();
    const time = clock();
    const service = new DeviceKeyService(keychain, { now: time.now });
    const account = randomUUID();
    const name = DeviceKeyService.passphraseAccount(account);
    await service.remember(account, 'secret', time.now() + HOUR);
    const entry = JSON.parse((await keychain.get(name)) as string) as { until: number };
    await keychain.set(name, JSON.stringify({ ...entry, until: entry.until + 100 * HOUR }));
    expect(await service.recall(account)).toBeUndefined();
    expect(await keychain.get(name)).toBeNull();
    await keychain.set(name, 'not json');
    expect(await service.rememberedUntil(account)).toBeUndefined();
    expect(await keychain.get(name)).toBeNull();
    await service.deleteAccount(account);
  });

  it('seals the passphrase under a key only this instance holds: the keychain alone does not open it', async () => {
    const keychain = makeKeychain();
    const time = clock();
    const service = new DeviceKeyService(keychain, { now: time.now });
    const account = randomUUID();
    const until = time.now() + HOUR;
    await service.getOrCreate(account); // the account's cache was opened before anything is remembered
    await service.remember(account, 'opal meadow lantern', until);
    const entry = JSON.parse((await keychain.get(DeviceKeyService.passphraseAccount(account))) as string) as { run: string; sealed: string };
    // Everything the keychain holds for the account, including the device key, tried as the key: none opens it.
    const deviceKey = Buffer.from((await keychain.get(DeviceKeyService.deviceKeyAccount(account))) ?? '', 'base64');
    expect(deviceKey).toHaveLength(32);
    for (const candidate of [deviceKey, Buffer.from(entry.run, 'base64url'), Buffer.alloc(32)]) {
      const sealer = new RowSealer(Buffer.concat([candidate, Buffer.alloc(32)]).subarray(0, 32));
      for (const id of [`${account}:${until}:${entry.run}`, `${account}:${until}`]) {
        expect(() => sealer.openString(Buffer.from(entry.sealed, 'base64'), 'remembered-passphrase', id)).toThrow(SealError);
      }
    }
    expect(await service.recall(account)).toBe('opal meadow lantern');
    await service.deleteAccount(account);
  });

  it('is gone for a new instance (the app restarted), which deletes what the old one left', async () => {
    const keychain = makeKeychain();
    const time = clock();
    const before = new DeviceKeyService(keychain, { now: time.now });
    const account = randomUUID();
    const key = await before.getOrCreate(account);
    await before.remember(account, 'opal meadow lantern', time.now() + HOUR);
    expect(await before.rememberedUntil(account)).toBe(time.now() + HOUR);
    const after = new DeviceKeyService(keychain, { now: time.now });
    expect(await after.rememberedUntil(account)).toBeUndefined();
    expect(await keychain.get(DeviceKeyService.passphraseAccount(account))).toBeNull();
    expect(await after.recall(account)).toBeUndefined();
    // The device key itself is kept: the cache still opens with the passphrase typed again.
    expect((await after.get(account))?.equals(key)).toBe(true);
    // What the new run remembers, the old instance (another process) cannot read either.
    await after.remember(account, 'second run', time.now() + HOUR);
    expect(await before.recall(account)).toBeUndefined();
    await after.deleteAccount(account);
  });

  it('erases a passphrase remembered in the first format, sealed under the device key, without reading it', async () => {
    const keychain = makeKeychain();
    const time = clock();
    const account = randomUUID();
    const legacy = DeviceKeyService.legacyPassphraseAccount(account);
    const writeLegacy = async (service: DeviceKeyService) => {
      const until = time.now() + HOUR;
      const deviceKey = await service.getOrCreate(account);
      const sealed = new RowSealer(deviceKey).seal('old remembered', 'remembered-passphrase', `${account}:${until}`).toString('base64');
      await keychain.set(legacy, JSON.stringify({ v: 1, until, sealed }));
    };
    // Met when the account's device key is first read (every unlock reads it)...
    await writeLegacy(new DeviceKeyService(keychain, { now: time.now }));
    const first = new DeviceKeyService(keychain, { now: time.now });
    await first.get(account);
    expect(await keychain.get(legacy)).toBeNull();
    // ... or when the window asks whether a passphrase is remembered, which it is not.
    await writeLegacy(new DeviceKeyService(keychain, { now: time.now }));
    const second = new DeviceKeyService(keychain, { now: time.now });
    expect(await second.rememberedUntil(account)).toBeUndefined();
    expect(await second.recall(account)).toBeUndefined();
    expect(await keychain.get(legacy)).toBeNull();
    await writeLegacy(second);
    await second.deleteAccount(account);
    expect(await keychain.get(legacy)).toBeNull();
  });

  it('refuses a device key entry that is not 32 bytes of base64', async () => {
    const keychain = makeKeychain();
    const service = new DeviceKeyService(keychain);
    const account = randomUUID();
    await keychain.set(DeviceKeyService.deviceKeyAccount(account), Buffer.alloc(16).toString('base64'));
    await expect(service.getOrCreate(account)).rejects.toBeInstanceOf(CorruptDeviceKeyError);
    await service.deleteAccount(account);
  });
});
