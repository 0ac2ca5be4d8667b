// VaultStore over D1's AccountCache: one sealed SQLite file per account, opened with the account's device key,
// which comes from the OS keychain or, where there is none, is unwrapped with the passphrase
// (passphrase-sealed-device-keys.ts).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../common/ipc';
import { AccountCache } from '../cache/account-cache';
import { PassphraseSealedDeviceKeys } from './passphrase-sealed-device-keys';
import type { VaultStore, VaultStoreFactory } from './ports';
import type { GroupRecord, ResourceRecord, SecretRecord, UserRecord } from './vault-records';

export interface VaultCacheTypes {
  resources: ResourceRecord;
  users: UserRecord;
  groups: GroupRecord;
  permissions: { id: string; resourceId: string };
  secrets: SecretRecord;
}

/** The account's 256-bit device key from the OS keychain (created on first use). Zero it after use. */
export interface DeviceKeySource {
  getOrCreate(accountId: string): Promise<Uint8Array>;
  deleteAccount(accountId: string): Promise<void>;
}

export class CachedVaultStore implements VaultStore {
  constructor(private readonly cache: AccountCache<VaultCacheTypes>) {}

  /** The open cache; an operation that finishes after a lock gets VAULT_LOCKED instead of a closed-database error. */
  private get open(): AccountCache<VaultCacheTypes> {
    if (!this.cache.isOpen) throw new DomainError('VAULT_LOCKED', 'The vault was locked.');
    return this.cache;
  }

  getSetting(name: string): string | undefined {
    return this.open.meta.get(name);
  }

  setSetting(name: string, value: string): void {
    this.open.meta.set(name, value);
  }

  deleteSetting(name: string): void {
    this.open.meta.delete(name);
  }

  loadResources(): ResourceRecord[] {
    return this.open.resources.list();
  }

  saveResources(records: readonly ResourceRecord[]): void {
    this.open.resources.upsert(records);
  }

  deleteResources(ids: readonly string[]): void {
    this.open.resources.delete(ids);
  }

  loadUsers(): UserRecord[] {
    return this.open.users.list();
  }

  replaceUsers(records: readonly UserRecord[]): void {
    this.open.users.replaceAll(records);
  }

  loadGroups(): GroupRecord[] {
    return this.open.groups.list();
  }

  replaceGroups(records: readonly GroupRecord[]): void {
    this.open.groups.replaceAll(records);
  }

  getSecret(resourceId: string): SecretRecord | undefined {
    return this.open.secrets.get(resourceId);
  }

  saveSecret(record: SecretRecord): void {
    this.open.secrets.upsert([record]);
  }

  deleteSecrets(resourceIds: readonly string[]): void {
    this.open.secrets.delete(resourceIds);
  }

  transaction<T>(fn: () => T): T {
    return this.open.transaction(fn);
  }

  close(): void {
    this.cache.close();
  }
}

export interface CacheStoreFactoryOptions {
  /**
   * True when `passphrase` unlocks the private key kept in `store` (or the store holds none yet). Used only while a
   * passphrase-sealed device key has two wraps, after a passphrase change was interrupted, to keep the right one.
   */
  checkPassphrase?(store: VaultStore, passphrase: string): Promise<boolean>;
}

export class CacheStoreFactory implements VaultStoreFactory {
  constructor(private readonly dir: string, private readonly deviceKeys: DeviceKeySource | PassphraseSealedDeviceKeys,
    private readonly options: CacheStoreFactoryOptions = {}) {}

  path(accountId: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(accountId)) throw new Error('invalid account id');
    return join(this.dir, `${accountId}.db`);
  }

  /** `passphrase` is needed where the device key is sealed with it; the keychain-backed source ignores it. */
  async open(accountId: string, passphrase?: string): Promise<VaultStore> {
    const path = this.path(accountId);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const source = this.deviceKeys;
    if (source instanceof PassphraseSealedDeviceKeys) return this.openSealed(source, accountId, path, passphrase);
    const key = await source.getOrCreate(accountId);
    try {
      return new CachedVaultStore(AccountCache.open<VaultCacheTypes>(path, key));
    } finally {
      key.fill(0);
    }
  }

  private async openSealed(source: PassphraseSealedDeviceKeys, accountId: string, path: string,
    passphrase: string | undefined): Promise<VaultStore> {
    if (passphrase === undefined) {
      throw new DomainError('WRONG_PASSPHRASE', 'No OS keychain is available here: the passphrase is needed to open this account.');
    }
    // A new account gets a new key; an existing cache needs its own (a missing key file is reported, never replaced).
    const opened = source.exists(accountId) || existsSync(path)
      ? await source.unwrap(accountId, passphrase)
      : { key: await source.create(accountId, passphrase), wrapId: '', wraps: 1 };
    let store: CachedVaultStore;
    try {
      store = new CachedVaultStore(AccountCache.open<VaultCacheTypes>(path, opened.key));
    } finally {
      opened.key.fill(0);
    }
    if (opened.wraps > 1 && this.options.checkPassphrase) {
      let current: boolean;
      try {
        current = await this.options.checkPassphrase(store, passphrase);
      } catch (error) {
        store.close();
        throw error;
      }
      if (!current) {
        // This wrap belongs to the other side of an interrupted change: it is stale, and so is this passphrase.
        store.close();
        source.dropWrap(accountId, opened.wrapId);
        throw new DomainError('WRONG_PASSPHRASE', 'The passphrase is incorrect.');
      }
      source.keepOnly(accountId, opened.wrapId);
    }
    return store;
  }

  /**
   * With a passphrase-sealed key, a wrap under the new passphrase is added before `write` stores the re-encrypted
   * private key and the old wrap is dropped after it, so at every moment the passphrase that unlocks the stored
   * private key also opens the cache; after a crash in between, `open` keeps the matching wrap.
   */
  async changePassphrase(accountId: string, oldPassphrase: string, newPassphrase: string, write: () => void): Promise<void> {
    const source = this.deviceKeys;
    if (!(source instanceof PassphraseSealedDeviceKeys)) {
      write();
      return;
    }
    const { oldWrapId, newWrapId } = await source.addWrap(accountId, oldPassphrase, newPassphrase);
    try {
      write();
    } catch (error) {
      source.keepOnly(accountId, oldWrapId);
      throw error;
    }
    source.keepOnly(accountId, newWrapId);
  }

  async destroy(accountId: string): Promise<void> {
    const base = this.path(accountId);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${base}${suffix}`, { force: true });
    await this.deviceKeys.deleteAccount(accountId);
  }
}
