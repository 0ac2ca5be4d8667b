// VaultStore over D1's AccountCache: one sealed SQLite file per account, opened with the account's device key.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../common/ipc';
import { AccountCache } from '../cache/account-cache';
import type { VaultStore, VaultStoreFactory } from './ports';
import type { GroupRecord, ResourceRecord, SecretRecord, UserRecord } from './vault-records';

export interface VaultCacheTypes {
  resources: ResourceRecord;
  users: UserRecord;
  groups: GroupRecord;
  permissions: { id: string; resourceId: string };
  secrets: SecretRecord;
}

/** The account's 256-bit device key from the OS keychain (created on first use). */
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

export class CacheStoreFactory implements VaultStoreFactory {
  constructor(private readonly dir: string, private readonly deviceKeys: DeviceKeySource) {}

  path(accountId: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(accountId)) throw new Error('invalid account id');
    return join(this.dir, `${accountId}.db`);
  }

  async open(accountId: string): Promise<VaultStore> {
    const path = this.path(accountId);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const key = await this.deviceKeys.getOrCreate(accountId);
    try {
      return new CachedVaultStore(AccountCache.open<VaultCacheTypes>(path, key));
    } finally {
      key.fill(0);
    }
  }

  async destroy(accountId: string): Promise<void> {
    const base = this.path(accountId);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${base}${suffix}`, { force: true });
    await this.deviceKeys.deleteAccount(accountId);
  }
}
