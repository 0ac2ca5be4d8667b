// Device keys where no OS keychain is reachable (a headless machine, a desktop without a Secret Service): each
// account's random 256-bit device key is kept in the profile, in `device-keys/<accountId>.json`, wrapped with
// AES-256-GCM under a key derived from the user's passphrase with scrypt (memory-hard, Node's own OpenSSL build).
//
//   const keys = new PassphraseSealedDeviceKeys(join(profileDir, 'device-keys'));
//   const opened = await keys.unwrap(accountId, passphrase);   // WRONG_PASSPHRASE when no wrap opens
//   ... opened.key.fill(0);
//
// Copying the file and the cache off the machine therefore gives an attacker one scrypt guess per candidate
// passphrase (about a second each here), on top of the OpenPGP key's own protection. Nothing can be remembered:
// there is no store to keep a passphrase in, so the PassphraseMemory operations refuse (forget has nothing to do).
//
// A passphrase change must switch the wrap and the re-encrypted private key together. The file may therefore hold
// two wraps of the same device key, the old passphrase's and the new one's, while the change is in flight; the
// cache factory keeps the one whose passphrase unlocks the stored private key (cache-store.ts). Every write goes
// to a temporary file that is synced and renamed over the old one, so a crash leaves one version or the other.
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../common/ipc';
import { DEVICE_KEY_BYTES } from '../cache/row-sealer';
import type { PassphraseMemory } from './ports';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^17 x 8 x 128 bytes = 128 MiB per derivation; about a second on the 2-core build machine. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** Bounds accepted when reading a file, so an edited file cannot make a derivation take unbounded memory or time. */
const MIN_LOG_N = 14;
const MAX_LOG_N = 18;
const MAX_SCRYPT_MEMORY = 320 * 1024 * 1024;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'tessera-device-key/1';

/**
 * The key file of an account is missing, unreadable or was altered. A DomainError, so the window shows its message
 * (written for the user: which file, and how to repair it); it names no secret.
 */
export class DeviceKeyFileError extends DomainError {
  constructor(message: string) {
    super('LOCAL_DATA_DAMAGED', message);
  }
}

interface Wrap {
  id: string;
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

interface KeyFile {
  format: typeof FORMAT;
  account: string;
  wraps: Wrap[];
  /** SHA-256 of the canonical content: an accidental or naive edit reads as damage, not as a wrong passphrase. */
  check: string;
}

export interface UnwrappedDeviceKey {
  /** The device key: a fresh buffer, to be zeroed by the caller. */
  key: Buffer;
  /** The wrap the passphrase opened. */
  wrapId: string;
  /** How many wraps the file holds (more than one only while a passphrase change is in flight). */
  wraps: number;
}

function wrongPassphrase(): DomainError {
  return new DomainError('WRONG_PASSPHRASE', 'The passphrase is incorrect.');
}

function canonical(file: Omit<KeyFile, 'check'>): string {
  const wraps = file.wraps.map((w) => ({ id: w.id, N: w.N, r: w.r, p: w.p, salt: w.salt, iv: w.iv, ciphertext: w.ciphertext, tag: w.tag }));
  return JSON.stringify({ format: file.format, account: file.account, wraps });
}

function checksum(file: Omit<KeyFile, 'check'>): string {
  return createHash('sha256').update(canonical(file), 'utf8').digest('base64');
}

function scryptMemory(params: ScryptParams): number {
  return 128 * params.N * params.r * params.p;
}

function validParams(params: ScryptParams): boolean {
  const logN = Math.log2(params.N);
  return Number.isInteger(logN) && logN >= MIN_LOG_N && logN <= MAX_LOG_N
    && Number.isInteger(params.r) && params.r >= 1 && params.r <= 32
    && Number.isInteger(params.p) && params.p >= 1 && params.p <= 4
    && scryptMemory(params) <= MAX_SCRYPT_MEMORY - 32 * 1024 * 1024;
}

function decodeExact(value: unknown, bytes: number): Buffer | null {
  if (typeof value !== 'string') return null;
  const buf = Buffer.from(value, 'base64');
  return buf.length === bytes && buf.toString('base64') === value ? buf : null;
}

function derive(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const secret = Buffer.from(passphrase, 'utf8');
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(secret, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: MAX_SCRYPT_MEMORY }, (error, key) => {
      secret.fill(0);
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** What the wrap is bound to: the account, the wrap and its KDF settings (an edited setting fails the tag). */
function associatedData(accountId: string, wrap: Pick<Wrap, 'id' | 'N' | 'r' | 'p'>): Buffer {
  return Buffer.from(`${FORMAT}|${accountId}|${wrap.id}|scrypt:${wrap.N}:${wrap.r}:${wrap.p}`, 'utf8');
}

export class PassphraseSealedDeviceKeys implements PassphraseMemory {
  readonly kind = 'passphrase' as const;
  readonly #dir: string;
  readonly #params: ScryptParams;

  constructor(dir: string, options: { scrypt?: ScryptParams } = {}) {
    this.#dir = dir;
    this.#params = options.scrypt ?? DEFAULT_SCRYPT;
    if (!validParams(this.#params)) throw new RangeError('Unsupported scrypt parameters.');
  }

  /** Remembering a passphrase needs an OS keychain. */
  canRemember(): boolean {
    return false;
  }

  path(accountId: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(accountId)) throw new Error('invalid account id');
    return join(this.#dir, `${accountId}.json`);
  }

  exists(accountId: string): boolean {
    return this.#read(accountId) !== null;
  }

  /** A new random device key, wrapped under `passphrase`. Refuses to replace an existing file. */
  async create(accountId: string, passphrase: string): Promise<Buffer> {
    if (this.#read(accountId) !== null) throw new DeviceKeyFileError('This account already has a device key file.');
    const key = randomBytes(DEVICE_KEY_BYTES);
    try {
      const wrap = await this.#wrap(accountId, key, passphrase);
      this.#write(accountId, [wrap]);
      return key;
    } catch (error) {
      key.fill(0);
      throw error;
    }
  }

  /** Opens the device key with `passphrase`: WRONG_PASSPHRASE when no wrap opens, DeviceKeyFileError when damaged. */
  async unwrap(accountId: string, passphrase: string): Promise<UnwrappedDeviceKey> {
    const file = this.#read(accountId);
    if (file === null) {
      throw new DeviceKeyFileError('This account\'s device key file is missing from the profile (device-keys folder), so its '
        + 'local cache cannot be opened. If it was set up while an OS keychain was available, unlock it where that keychain is; '
        + 'otherwise remove the account and sign in again with the recovery kit.');
    }
    for (const wrap of file.wraps) {
      const key = await this.#open(accountId, wrap, passphrase);
      if (key) return { key, wrapId: wrap.id, wraps: file.wraps.length };
    }
    throw wrongPassphrase();
  }

  /**
   * Adds a wrap of the same device key under `newPassphrase` next to the one `oldPassphrase` opens (other wraps
   * are dropped). Returns the new wrap's id, for `keepOnly` once the private key was re-encrypted.
   */
  async addWrap(accountId: string, oldPassphrase: string, newPassphrase: string): Promise<{ oldWrapId: string; newWrapId: string }> {
    const opened = await this.unwrap(accountId, oldPassphrase);
    try {
      const current = this.#read(accountId)?.wraps.find((w) => w.id === opened.wrapId);
      if (!current) throw new DeviceKeyFileError('The device key file changed during the passphrase change.');
      const added = await this.#wrap(accountId, opened.key, newPassphrase);
      this.#write(accountId, [current, added]);
      return { oldWrapId: current.id, newWrapId: added.id };
    } finally {
      opened.key.fill(0);
    }
  }

  /** Keeps only the wrap `wrapId` (when the file holds it): the end of a passphrase change, or its undoing. */
  keepOnly(accountId: string, wrapId: string): void {
    const file = this.#read(accountId);
    if (!file || file.wraps.length === 1) return;
    const kept = file.wraps.filter((w) => w.id === wrapId);
    if (kept.length === 1) this.#write(accountId, kept);
  }

  /** Drops the wrap `wrapId` when another remains: a wrap whose passphrase no longer unlocks the private key. */
  dropWrap(accountId: string, wrapId: string): void {
    const file = this.#read(accountId);
    if (!file) return;
    const kept = file.wraps.filter((w) => w.id !== wrapId);
    if (kept.length >= 1 && kept.length < file.wraps.length) this.#write(accountId, kept);
  }

  async deleteAccount(accountId: string): Promise<void> {
    rmSync(this.path(accountId), { force: true });
  }

  remember(): Promise<void> {
    return Promise.reject(new DomainError('POLICY_VIOLATION',
      'No OS keychain is available on this computer, so Tessera cannot remember your passphrase: enter it to unlock.'));
  }

  recall(): Promise<string | undefined> {
    return Promise.reject(new DomainError('POLICY_VIOLATION',
      'No OS keychain is available on this computer, so no passphrase is remembered: enter it to unlock.'));
  }

  /** Nothing is ever remembered, so there is nothing to forget (logout and account removal call this). */
  async forget(): Promise<void> {
    /* nothing stored */
  }

  /** Never remembered here; the same shape as the keychain-backed service for the IPC layer. */
  async rememberedUntil(): Promise<number | undefined> {
    return undefined;
  }

  async #wrap(accountId: string, deviceKey: Buffer, passphrase: string): Promise<Wrap> {
    const params = this.#params;
    const salt = randomBytes(SALT_BYTES);
    const iv = randomBytes(IV_BYTES);
    const id = randomBytes(8).toString('hex');
    const derived = await derive(passphrase, salt, params);
    try {
      const cipher = createCipheriv('aes-256-gcm', derived, iv);
      cipher.setAAD(associatedData(accountId, { id, ...params }));
      const ciphertext = Buffer.concat([cipher.update(deviceKey), cipher.final()]);
      return {
        id, N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), iv: iv.toString('base64'),
        ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64'),
      };
    } finally {
      derived.fill(0);
    }
  }

  /** The device key from one wrap, or null when the passphrase does not open it (GCM tag mismatch). */
  async #open(accountId: string, wrap: Wrap, passphrase: string): Promise<Buffer | null> {
    const derived = await derive(passphrase, Buffer.from(wrap.salt, 'base64'), wrap);
    try {
      const decipher = createDecipheriv('aes-256-gcm', derived, Buffer.from(wrap.iv, 'base64'));
      decipher.setAAD(associatedData(accountId, wrap));
      decipher.setAuthTag(Buffer.from(wrap.tag, 'base64'));
      const key = decipher.update(Buffer.from(wrap.ciphertext, 'base64'));
      try {
        decipher.final();
      } catch {
        key.fill(0);
        return null;
      }
      return key;
    } finally {
      derived.fill(0);
    }
  }

  /** The parsed file, null when there is none; DeviceKeyFileError when it is not a well-formed, intact file. */
  #read(accountId: string): KeyFile | null {
    const path = this.path(accountId);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DeviceKeyFileError(`This account's device key file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    const damaged = () => new DeviceKeyFileError('This account\'s device key file is damaged or was altered, so its local cache cannot be '
      + 'opened. Restore the file from a backup, or remove the account and sign in again with the recovery kit.');
    let value: Partial<KeyFile>;
    try {
      value = JSON.parse(text) as Partial<KeyFile>;
    } catch {
      throw damaged();
    }
    if (value === null || typeof value !== 'object' || value.format !== FORMAT || value.account !== accountId
      || !Array.isArray(value.wraps) || value.wraps.length < 1 || value.wraps.length > 2 || typeof value.check !== 'string') {
      throw damaged();
    }
    const wraps: Wrap[] = [];
    for (const w of value.wraps as Partial<Wrap>[]) {
      if (w === null || typeof w !== 'object' || typeof w.id !== 'string' || !/^[0-9a-f]{16}$/.test(w.id)
        || !validParams({ N: w.N as number, r: w.r as number, p: w.p as number })
        || !decodeExact(w.salt, SALT_BYTES) || !decodeExact(w.iv, IV_BYTES) || !decodeExact(w.ciphertext, DEVICE_KEY_BYTES)
        || !decodeExact(w.tag, TAG_BYTES)) {
        throw damaged();
      }
      wraps.push(w as Wrap);
    }
    const file = { format: FORMAT, account: accountId, wraps } as const;
    if (checksum(file) !== value.check) throw damaged();
    return { ...file, wraps, check: value.check };
  }

  #write(accountId: string, wraps: Wrap[]): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const path = this.path(accountId);
    const body = { format: FORMAT, account: accountId, wraps } as const;
    const text = `${JSON.stringify({ ...JSON.parse(canonical(body)) as object, check: checksum(body) }, null, 2)}\n`;
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    // The rename itself must reach the disk before the caller commits what depends on it.
    try {
      const dirFd = openSync(this.#dir, 'r');
      try { fsyncSync(dirFd); } finally { closeSync(dirFd); }
    } catch {
      /* directories cannot be synced on every platform (Windows); the rename is still atomic */
    }
  }
}
