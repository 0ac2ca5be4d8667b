// Per-account secrets kept in the OS keychain: the random 256-bit device key that seals the local cache, and the
// optional "remember my passphrase" entry (off unless the user picks a duration).
//
//   const deviceKeys = new DeviceKeyService(new KeytarKeychain());
//   const key = await deviceKeys.getOrCreate(accountId);   // Buffer(32); created on first use; caller zeroes it after use
//   const cache = AccountCache.open(path, key); key.fill(0);
//   await deviceKeys.remember(accountId, passphrase, Date.now() + 8 * 3600_000); // PassphraseMemory port (ports.ts)
//   await deviceKeys.recall(accountId);                    // string | undefined; expired or damaged entries are deleted
//   await deviceKeys.forget(accountId);  await deviceKeys.deleteAccount(accountId);
//
// Keychain entries (service "Tessera"): `<accountId>:device-key` = base64 of 32 random bytes;
// `<accountId>:passphrase` = JSON {v, until, sealed}, where `sealed` is the passphrase under AES-256-GCM with the
// device key and associated data binding it to the account and the expiry, so editing `until` in the keychain
// makes the entry unreadable rather than longer-lived. Both entries stay far below Windows' 2.5 KB cap.
// Honest limit: both entries sit in the same OS store, so the sealing adds tamper-evidence and keeps the passphrase
// from being readable as plain text by a casual keychain browser; it does not protect against a process that can
// read both entries (see security-and-performance.md, requirement 11).
import { randomBytes } from 'node:crypto';
import { DEVICE_KEY_BYTES, RowSealer, SealError } from '../cache/row-sealer';
import type { Keychain } from '../keychain/keychain';

export class CorruptDeviceKeyError extends Error {
  constructor(accountId: string) {
    super(`The keychain entry holding the device key of account ${accountId} is not a 256-bit key.`);
    this.name = 'CorruptDeviceKeyError';
  }
}

export interface DeviceKeyServiceOptions {
  now?: () => number;
  /** Longest "remember my passphrase" the organisation allows, in ms (default 30 days). */
  maxRememberMs?: number;
}

interface RememberedEntry {
  v: 1;
  until: number;
  sealed: string;
}

const REMEMBER_TABLE = 'remembered-passphrase';

export class DeviceKeyService {
  readonly #keychain: Keychain;
  readonly #now: () => number;
  readonly #maxRememberMs: number;
  readonly #creating = new Map<string, Promise<Buffer>>();

  constructor(keychain: Keychain, options: DeviceKeyServiceOptions = {}) {
    this.#keychain = keychain;
    this.#now = options.now ?? Date.now;
    this.#maxRememberMs = options.maxRememberMs ?? 30 * 24 * 3600_000;
  }

  static deviceKeyAccount(accountId: string): string {
    return `${accountId}:device-key`;
  }

  static passphraseAccount(accountId: string): string {
    return `${accountId}:passphrase`;
  }

  /** The account's device key, or null if none was created yet. A fresh Buffer each call: zero it when done. */
  async get(accountId: string): Promise<Buffer | null> {
    const stored = await this.#keychain.get(DeviceKeyService.deviceKeyAccount(accountId));
    if (stored === null) return null;
    const key = Buffer.from(stored, 'base64');
    if (key.length !== DEVICE_KEY_BYTES || key.toString('base64') !== stored) throw new CorruptDeviceKeyError(accountId);
    return key;
  }

  /** The account's device key, creating a random one on first use (concurrent callers get the same key). */
  async getOrCreate(accountId: string): Promise<Buffer> {
    const existing = await this.get(accountId);
    if (existing) return existing;
    let pending = this.#creating.get(accountId);
    if (!pending) {
      pending = this.#create(accountId).finally(() => this.#creating.delete(accountId));
      this.#creating.set(accountId, pending);
    }
    return Buffer.from(await pending);
  }

  async #create(accountId: string): Promise<Buffer> {
    const key = randomBytes(DEVICE_KEY_BYTES);
    await this.#keychain.set(DeviceKeyService.deviceKeyAccount(accountId), key.toString('base64'));
    return key;
  }

  /** Keeps the passphrase until `untilMs` (epoch ms). Refuses a time in the past or beyond the allowed maximum. */
  async remember(accountId: string, passphrase: string, untilMs: number): Promise<void> {
    const now = this.#now();
    if (!Number.isSafeInteger(untilMs) || untilMs <= now) throw new RangeError('The remember-until time must be in the future.');
    if (untilMs - now > this.#maxRememberMs) throw new RangeError('The passphrase may not be remembered that long.');
    const key = await this.getOrCreate(accountId);
    const sealer = new RowSealer(key);
    key.fill(0);
    try {
      const sealed = sealer.seal(passphrase, REMEMBER_TABLE, `${accountId}:${untilMs}`).toString('base64');
      const entry: RememberedEntry = { v: 1, until: untilMs, sealed };
      await this.#keychain.set(DeviceKeyService.passphraseAccount(accountId), JSON.stringify(entry));
    } finally {
      sealer.wipe();
    }
  }

  /** The remembered passphrase, or undefined. Expired, tampered or unreadable entries are deleted. */
  async recall(accountId: string): Promise<string | undefined> {
    const account = DeviceKeyService.passphraseAccount(accountId);
    const stored = await this.#keychain.get(account);
    if (stored === null) return undefined;
    const entry = parseEntry(stored);
    const key = entry && entry.until > this.#now() ? await this.get(accountId).catch(() => null) : null;
    if (!entry || !key) {
      await this.#keychain.delete(account);
      return undefined;
    }
    const sealer = new RowSealer(key);
    key.fill(0);
    try {
      return sealer.openString(Buffer.from(entry.sealed, 'base64'), REMEMBER_TABLE, `${accountId}:${entry.until}`);
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      await this.#keychain.delete(account);
      return undefined;
    } finally {
      sealer.wipe();
    }
  }

  /** When the remembered passphrase expires (epoch ms), or undefined when none is kept. Does not open it. */
  async rememberedUntil(accountId: string): Promise<number | undefined> {
    const stored = await this.#keychain.get(DeviceKeyService.passphraseAccount(accountId));
    const entry = stored === null ? null : parseEntry(stored);
    return entry && entry.until > this.#now() ? entry.until : undefined;
  }

  async forget(accountId: string): Promise<void> {
    await this.#keychain.delete(DeviceKeyService.passphraseAccount(accountId));
  }

  /** Removes every keychain entry of the account (the cache sealed with the device key becomes unreadable). */
  async deleteAccount(accountId: string): Promise<void> {
    await this.forget(accountId);
    await this.#keychain.delete(DeviceKeyService.deviceKeyAccount(accountId));
  }
}

function parseEntry(stored: string): RememberedEntry | null {
  try {
    const value = JSON.parse(stored) as Partial<RememberedEntry>;
    if (value.v === 1 && Number.isSafeInteger(value.until) && typeof value.sealed === 'string') return value as RememberedEntry;
  } catch {
    /* not JSON: treated as damaged */
  }
  return null;
}
