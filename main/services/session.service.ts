// Unlock and lock. Unlock decrypts the private key with the passphrase, logs in (JWT) and loads the cached
// vault; when the server cannot be reached it opens the cache read-only and says `offline: true`. Lock wipes the
// key, the tokens, the decrypted metadata and the index, and tells the renderer. The vault also locks itself
// after an idle time; the Electron glue calls `lock` on suspend and screen lock.
import { DomainError } from '../../common/ipc';
import type { lockReasons } from '../../common/ipc';
import { AccessTokenManager } from '../api/access-token-manager';
import { ApiUnavailableError } from '../api/api-errors';
import type { PassboltApi } from '../api/passbolt-api';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { UnlockedKey } from '../crypto/unlocked-key';
import type { AccountRegistry } from './account-registry';
import { KeyTrust } from './key-trust.service';
import { loginWithKey } from './login';
import { systemClock, type Clock, type EventSink, type PassphraseMemory, type ResourceIndex, type VaultStore, type VaultStoreFactory } from './ports';
import { offlineEditError, toDomainError } from './service-errors';
import { UnlockedVault, type CachedRows } from './unlocked-vault';

export type LockReason = (typeof lockReasons)[number];

export const PRIVATE_KEY_SETTING = 'key.private';
const DEFAULT_IDLE_LOCK_MS = 15 * 60_000;

export interface SessionServiceDeps {
  registry: AccountRegistry;
  stores: VaultStoreFactory;
  crypto: OpenPgpService;
  /** Unlocks the private key off the main thread (CryptoWorkerPool), so reading the cache overlaps it. */
  keyUnlocker?: Pick<OpenPgpService, 'unlockPrivateKey'>;
  passphrases: PassphraseMemory;
  createApi(serverUrl: string): PassboltApi;
  createIndex(): ResourceIndex;
  events: EventSink;
  clock?: Clock;
  /** Idle time before auto-lock; 0 disables it. */
  idleLockMs?: number;
}

export interface UnlockOptions {
  /**
   * Remember the passphrase this long, and at most until the app quits (0/absent = do not remember; the default).
   * It is kept sealed under a key that only this process holds (DeviceKeyService).
   */
  rememberForMs?: number;
}

export interface UnlockResult {
  accountId: string;
  userId: string;
  offline: boolean;
  resourceCount: number;
}

export class SessionService {
  private vault: UnlockedVault | undefined;
  private idleTimer: unknown;
  private idleLockMs: number;
  private readonly clock: Clock;
  private readonly lockListeners = new Set<() => void>();
  private readonly unlockListeners = new Set<() => void>();
  /** Bumped by every lock, so an unlock that was still logging in when the user locked does not reopen the vault. */
  private generation = 0;
  private unlocking = false;

  constructor(private readonly deps: SessionServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.idleLockMs = deps.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
  }

  isLocked(): boolean {
    return this.vault === undefined;
  }

  /** The unlocked vault, or VAULT_LOCKED. */
  current(): UnlockedVault {
    if (!this.vault) throw new DomainError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
    return this.vault;
  }

  /** The unlocked vault for an operation that changes the server; refused while offline. */
  requireOnline(): UnlockedVault {
    const vault = this.current();
    if (vault.offline) throw offlineEditError();
    return vault;
  }

  status(): { locked: boolean; accountId?: string; userId?: string; offline?: boolean } {
    const v = this.vault;
    return v ? { locked: false, accountId: v.account.id, userId: v.userId, offline: v.offline } : { locked: true };
  }

  /** Called after every successful unlock (the tray shows the vault open). */
  onUnlock(listener: () => void): () => void {
    this.unlockListeners.add(listener);
    return () => this.unlockListeners.delete(listener);
  }

  /** Called on lock, before the renderer is told (services drop caches they derived from the vault). */
  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  async unlock(accountId: string, passphrase: string, options: UnlockOptions = {}): Promise<UnlockResult> {
    if (this.unlocking) throw new DomainError('CONFLICT', 'An unlock is already in progress.');
    this.unlocking = true;
    try {
      return await this.doUnlock(accountId, passphrase, options);
    } finally {
      this.unlocking = false;
    }
  }

  private async doUnlock(accountId: string, passphrase: string, options: UnlockOptions): Promise<UnlockResult> {
    if (this.vault) this.lock('user');
    const generation = this.generation;
    const account = this.deps.registry.get(accountId);
    const store = await this.deps.stores.open(accountId, passphrase);
    let key: UnlockedKey | undefined;
    try {
      const armored = store.getSetting(PRIVATE_KEY_SETTING);
      if (!armored) throw new DomainError('NOT_FOUND', 'This account has no private key on this computer. Sign in again with your key.');
      const unlocking = (this.deps.keyUnlocker ?? this.deps.crypto).unlockPrivateKey(armored, passphrase);
      // Read the sealed rows while the passphrase is being checked (dropped if it is wrong).
      let rows: CachedRows | undefined;
      try {
        rows = UnlockedVault.readCache(store);
      } finally {
        key = await unlocking;
      }
      const vault = await this.open(account.id, key, store, generation, rows);
      if (options.rememberForMs && options.rememberForMs > 0) {
        await this.deps.passphrases.remember(accountId, passphrase, this.clock.now() + options.rememberForMs);
      }
      return { accountId, userId: vault.userId, offline: vault.offline, resourceCount: vault.resources.size };
    } catch (error) {
      key?.wipe();
      if (!this.vault) store.close();
      throw toDomainError(error);
    }
  }

  /**
   * Unlocks with the passphrase remembered earlier in this run of the app; VAULT_LOCKED when none is (it expired,
   * was forgotten, or the app was restarted since), so the window asks for the passphrase.
   */
  async unlockRemembered(accountId: string): Promise<UnlockResult> {
    const passphrase = await this.deps.passphrases.recall(accountId);
    if (passphrase === undefined) throw new DomainError('VAULT_LOCKED', 'No remembered passphrase: enter your passphrase to unlock.');
    try {
      return await this.unlock(accountId, passphrase);
    } catch (error) {
      // Changed since it was remembered (on another computer, say): it will never work again.
      if (error instanceof DomainError && error.code === 'WRONG_PASSPHRASE') {
        await this.deps.passphrases.forget(accountId);
        throw new DomainError('VAULT_LOCKED', 'The remembered passphrase no longer unlocks this account: enter your passphrase.');
      }
      throw error;
    }
  }

  async forgetPassphrase(accountId: string): Promise<void> {
    await this.deps.passphrases.forget(accountId);
  }

  /** Tries to log in again while offline; returns whether the vault is now online. */
  async reconnect(): Promise<boolean> {
    const vault = this.current();
    if (!vault.offline) return true;
    try {
      vault.tokens.set(await loginWithKey(vault.api, vault.trust, this.deps.crypto, vault.key, vault.userId));
      vault.offline = false;
    } catch (error) {
      if (!(error instanceof ApiUnavailableError)) throw toDomainError(error);
    }
    return !vault.offline;
  }

  lock(reason: LockReason = 'user'): void {
    this.generation++;
    const vault = this.vault;
    if (!vault) return;
    this.vault = undefined;
    this.clearIdleTimer();
    const refreshToken = vault.tokens.refreshToken();
    const online = !vault.offline && vault.tokens.current() !== undefined;
    // Revoke the refresh token on the server; a lock must not wait for the network (tokens are wiped below).
    if (online) {
      const api = vault.api;
      void api.auth.logout(refreshToken).catch(() => undefined);
    }
    vault.wipe();
    for (const listener of this.lockListeners) listener();
    this.deps.events.publish('session.locked', { reason });
  }

  /** Logout: lock and also forget a remembered passphrase. */
  async logout(): Promise<void> {
    const accountId = this.vault?.account.id;
    this.lock('logout');
    if (accountId) await this.deps.passphrases.forget(accountId);
  }

  /** Any user activity: restarts the idle countdown. */
  touch(): void {
    if (!this.vault) return;
    this.clearIdleTimer();
    if (this.idleLockMs > 0) this.idleTimer = this.clock.setTimeout(() => this.lock('idle'), this.idleLockMs);
  }

  setIdleLock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new DomainError('POLICY_VIOLATION', 'The idle time must be zero (never) or positive.');
    this.idleLockMs = ms;
    this.touch();
  }

  idleLock(): number {
    return this.idleLockMs;
  }

  private async open(accountId: string, key: UnlockedKey, store: VaultStore, generation: number, rows: CachedRows): Promise<UnlockedVault> {
    const account = this.deps.registry.get(accountId);
    const api = this.deps.createApi(account.serverUrl);
    const trust = new KeyTrust(store, this.deps.crypto);
    const relogin = () => loginWithKey(api, trust, this.deps.crypto, key, account.userId);
    const tokens = new AccessTokenManager(api.auth, account.userId, relogin);
    api.http.setTokenSource(tokens);
    // The login's network round trips overlap with reading the cache (synchronous SQLite and AES-GCM work).
    const login = relogin().then((t) => ({ tokens: t, error: undefined }), (error: unknown) => ({ tokens: undefined, error }));
    const vault = new UnlockedVault(account, key, api, tokens, store, trust, this.deps.createIndex(), this.deps.events, false);
    try {
      vault.loadFromCache(rows);
      const outcome = await login;
      if (outcome.tokens) tokens.set(outcome.tokens);
      else if (outcome.error instanceof ApiUnavailableError) vault.offline = true;
      else throw outcome.error;
      if (generation !== this.generation) throw new DomainError('VAULT_LOCKED', 'The vault was locked while it was being unlocked.');
    } catch (error) {
      vault.wipe();
      throw error;
    }
    // Losing the server mid-session turns the vault read-only until a sync or reconnect logs in again.
    api.http.onUnavailable = () => {
      if (this.vault === vault) vault.offline = true;
    };
    this.vault = vault;
    this.touch();
    for (const listener of this.unlockListeners) listener();
    return vault;
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
