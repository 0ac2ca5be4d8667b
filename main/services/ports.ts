// What the desktop services need from the layers D1 builds (cache, keychain, search), as small interfaces.
// The composition root passes adapters over main/cache, main/keychain and the search service (see adapters in
// this folder); tests pass the same adapters over the real implementations.
import type { EventName, EventPayload } from '../../common/ipc';
import type { SearchIndex } from './search/search.service';
import type { GroupRecord, ResourceRecord, SecretRecord, UserRecord } from './vault-records';

/** One account's local cache: every value sealed at rest under the account's device key. */
export interface VaultStore {
  getSetting(name: string): string | undefined;
  setSetting(name: string, value: string): void;
  deleteSetting(name: string): void;
  loadResources(): ResourceRecord[];
  /** Insert or replace by id. */
  saveResources(records: readonly ResourceRecord[]): void;
  deleteResources(ids: readonly string[]): void;
  loadUsers(): UserRecord[];
  replaceUsers(records: readonly UserRecord[]): void;
  loadGroups(): GroupRecord[];
  replaceGroups(records: readonly GroupRecord[]): void;
  getSecret(resourceId: string): SecretRecord | undefined;
  saveSecret(record: SecretRecord): void;
  deleteSecrets(resourceIds: readonly string[]): void;
  /** Runs `fn` atomically (several writes, one commit). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens (creating on first use) the cache of an account. The device key comes from the OS keychain, or, where
 * there is none, is unwrapped with the passphrase (which the keychain-backed factory ignores).
 */
export interface VaultStoreFactory {
  open(accountId: string, passphrase?: string): Promise<VaultStore>;
  /**
   * Stores the private key re-encrypted under a new passphrase (`write`) and, where the device key is wrapped with
   * the passphrase, switches that wrap to the new passphrase in the same step.
   */
  changePassphrase(accountId: string, oldPassphrase: string, newPassphrase: string, write: () => void): Promise<void>;
  /** Deletes the account's cache files and keychain entries. */
  destroy(accountId: string): Promise<void>;
}

/** Optional "remember my passphrase" (off unless the user chose a duration). */
export interface PassphraseMemory {
  remember(accountId: string, passphrase: string, untilMs: number): Promise<void>;
  /** The remembered passphrase if it has not expired. */
  recall(accountId: string): Promise<string | undefined>;
  forget(accountId: string): Promise<void>;
}

/** In-memory search over decrypted metadata: D1's SearchIndex (search.service.ts). */
export type ResourceIndex = Pick<SearchIndex, 'replaceAll' | 'upsert' | 'remove' | 'search' | 'query' | 'clear'>;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Main -> renderer events (main/electron's EventPublisher has this shape). */
export interface EventSink {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
}
