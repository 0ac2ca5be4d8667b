// Per-account secrets kept in the OS keychain: the random 256-bit device key that seals the local cache, and the
// optional "remember my passphrase" entry (off unless the user picks a duration).
//
//   const deviceKeys = new DeviceKeyService(new KeytarKeychain());
//   const key = await deviceKeys.getOrCreate(accountId);   // Buffer(32); created on first use; caller zeroes it after use
//   const cache = AccountCache.open(path, key); key.fill(0);
//   await deviceKeys.remember(accountId, passphrase, Date.now() + 8 * 3600_000); // PassphraseMemory port (ports.ts)
//   await deviceKeys.recall(accountId);                    // string | undefined; expired, foreign or damaged: deleted
//   await deviceKeys.forget(accountId);  await deviceKeys.deleteAccount(accountId);
//
// Keychain entries (service "Tessera"): `<accountId>:device-key` = base64 of 32 random bytes;
// `<accountId>:remembered-passphrase` = JSON {v: 2, run, until, sealed}: the passphrase under AES-256-GCM with a
// random key that this service instance draws when it is built and keeps in memory only (never in the keychain or
// on disk), `run` naming that key. So the keychain and the profile hold ciphertext whose key is gone once Tessera
// quits: remembering lasts at most until then, and whoever reads the keychain, the disk or a backup (another
// user, a stolen laptop or backup) cannot open it, device key or not. It does not stand against code running as
// the user while Tessera runs, which could read Tessera's memory. The associated data binds the entry to the
// account, the expiry and the run, so editing `until` makes the entry unreadable rather than longer-lived.
// The ciphertext sits in the keychain, apart from its key, so a memory image written to disk (swap, a crash
// report) does not hold both halves of it either. Entries from an earlier run are deleted when met.
// The first format, `<accountId>:passphrase`, was sealed under the device key beside it in the same store; it is
// never read, only erased the first time the account is used.
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
  v: 2;
  /** Names the in-memory key of the service instance that sealed it. */
  run: string;
  until: number;
  sealed: string;
}

const REMEMBER_TABLE = 'remembered-passphrase';

export class DeviceKeyService {
  readonly #keychain: Keychain;
  readonly #now: () => number;
  readonly #maxRememberMs: number;
  readonly #creating = new Map<string, Promise<Buffer>>();
  /** Seals remembered passphrases; drawn per instance, held only here, so it ends with the process. */
  readonly #runSealer: RowSealer;
  readonly #run = randomBytes(16).toString('base64url');
  /** Accounts whose entry of the first format was already erased by this instance. */
  readonly #legacyErased = new Set<string>();

  constructor(keychain: Keychain, options: DeviceKeyServiceOptions = {}) {
    this.#keychain = keychain;
    this.#now = options.now ?? Date.now;
    this.#maxRememberMs = options.maxRememberMs ?? 30 * 24 * 3600_000;
    const runKey = randomBytes(DEVICE_KEY_BYTES);
    this.#runSealer = new RowSealer(runKey); // keeps its own copy
    runKey.fill(0);
  }

  static deviceKeyAccount(accountId: string): string {
    return `${accountId}:device-key`;
  }

  static passphraseAccount(accountId: string): string {
    return `${accountId}:remembered-passphrase`;
  }

  /** The first format's entry: the passphrase sealed under the device key kept beside it. Only ever erased. */
  static legacyPassphraseAccount(accountId: string): string {
    return `${accountId}:passphrase`;
  }

  /** The account's device key, or null if none was created yet. A fresh Buffer each call: zero it when done. */
  async get(accountId: string): Promise<Buffer | null> {
    await this.#eraseLegacy(accountId);
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

  /**
   * Keeps the passphrase until `untilMs` (epoch ms) or until this instance ends, whichever comes first. Refuses a
   * time in the past or beyond the allowed maximum.
   */
  async remember(accountId: string, passphrase: string, untilMs: number): Promise<void> {
    const now = this.#now();
    if (!Number.isSafeInteger(untilMs) || untilMs <= now) throw new RangeError('The remember-until time must be in the future.');
    if (untilMs - now > this.#maxRememberMs) throw new RangeError('The passphrase may not be remembered that long.');
    await this.#eraseLegacy(accountId);
    const sealed = this.#runSealer.seal(passphrase, REMEMBER_TABLE, this.#boundTo(accountId, untilMs)).toString('base64');
    const entry: RememberedEntry = { v: 2, run: this.#run, until: untilMs, sealed };
    await this.#keychain.set(DeviceKeyService.passphraseAccount(accountId), JSON.stringify(entry));
  }

  /** The remembered passphrase, or undefined. Expired, earlier runs', tampered or unreadable entries are deleted. */
  async recall(accountId: string): Promise<string | undefined> {
    const entry = await this.#current(accountId);
    if (!entry) return undefined;
    try {
      return this.#runSealer.openString(Buffer.from(entry.sealed, 'base64'), REMEMBER_TABLE, this.#boundTo(accountId, entry.until));
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      await this.#keychain.delete(DeviceKeyService.passphraseAccount(accountId));
      return undefined;
    }
  }

  /** When the remembered passphrase expires (epoch ms), or undefined when none this run can open is kept. */
  async rememberedUntil(accountId: string): Promise<number | undefined> {
    return (await this.#current(accountId))?.until;
  }

  async forget(accountId: string): Promise<void> {
    await this.#eraseLegacy(accountId);
    await this.#keychain.delete(DeviceKeyService.passphraseAccount(accountId));
  }

  /** Removes every keychain entry of the account (the cache sealed with the device key becomes unreadable). */
  async deleteAccount(accountId: string): Promise<void> {
    await this.#keychain.delete(DeviceKeyService.legacyPassphraseAccount(accountId));
    await this.#keychain.delete(DeviceKeyService.passphraseAccount(accountId));
    await this.#keychain.delete(DeviceKeyService.deviceKeyAccount(accountId));
  }

  /** The entry if it is this run's and unexpired (not opened); anything else found there is deleted. */
  async #current(accountId: string): Promise<RememberedEntry | undefined> {
    await this.#eraseLegacy(accountId);
    const name = DeviceKeyService.passphraseAccount(accountId);
    const stored = await this.#keychain.get(name);
    if (stored === null) return undefined;
    const entry = parseEntry(stored);
    if (entry && entry.run === this.#run && entry.until > this.#now()) return entry;
    await this.#keychain.delete(name);
    return undefined;
  }

  #boundTo(accountId: string, untilMs: number): string {
    return `${accountId}:${untilMs}:${this.#run}`;
  }

  /** Deletes a passphrase remembered in the first format, once per account and instance. */
  async #eraseLegacy(accountId: string): Promise<void> {
    if (this.#legacyErased.has(accountId)) return;
    await this.#keychain.delete(DeviceKeyService.legacyPassphraseAccount(accountId));
    this.#legacyErased.add(accountId);
  }
}

function parseEntry(stored: string): RememberedEntry | null {
  try {
    const value = JSON.parse(stored) as Partial<RememberedEntry>;
    if (value.v === 2 && typeof value.run === 'string' && Number.isSafeInteger(value.until) && typeof value.sealed === 'string') {
      return value as RememberedEntry;
    }
  } catch {
    /* not JSON: treated as damaged */
  }
  return null;
}
