// The desktop services, built by hand in dependency order (constructor injection, no framework). Free of
// Electron, so the composition root (main/index.ts) and the dev scripts that prepare a profile (scripts/) build
// exactly the same graph over the same on-disk layout: accounts.json and one sealed cache per account under the
// app's data folder, device keys in the OS keychain.
import { join } from 'node:path';
import { PassboltApi } from '../api/passbolt-api';
import { OpenPgpService } from '../crypto/openpgp.service';
import { CryptoWorkerPool } from '../crypto/worker-pool';
import type { Keychain } from '../keychain/keychain';
import { AccountRegistry } from '../services/account-registry';
import { AccountService, type PassphraseChecker } from '../services/account.service';
import { AdminService } from '../services/admin.service';
import { CacheStoreFactory } from '../services/cache-store';
import { DeviceKeyService } from '../services/device-key.service';
import { GroupService } from '../services/group.service';
import { OrgPolicyService } from '../services/org-policy.service';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import { PasswordGeneratorService } from '../services/password-generator.service';
import type { Clock, EventSink, ResourceIndex } from '../services/ports';
import { SearchIndex } from '../services/search.service';
import { SecretService } from '../services/secret.service';
import { SessionService } from '../services/session.service';
import { ShareService } from '../services/share.service';
import { SyncService } from '../services/sync.service';
import { VaultService } from '../services/vault.service';

/** Where a profile (the app's userData folder) keeps its files. */
export interface ProfileLayout {
  /** The accounts set up on this machine (no secrets). */
  readonly accountsFile: string;
  /** One sealed SQLite cache per account. */
  readonly cachesDir: string;
}

export function profileLayout(userDataDir: string): ProfileLayout {
  return { accountsFile: join(userDataDir, 'accounts.json'), cachesDir: join(userDataDir, 'caches') };
}

export interface DesktopServicesOptions {
  /** The app's data folder (Electron's userData). */
  readonly userDataDir: string;
  /** The OS keychain in the app; a throwaway in-memory one for dev-only profiles. */
  readonly keychain: Keychain;
  /** Main -> renderer events (session.locked, sync.progress, vault.changed). */
  readonly events: EventSink;
  /** The in-memory search index of one unlocked vault; the product's SearchIndex by default. */
  readonly createIndex?: () => ResourceIndex;
  /** Judges new passphrases against the organisation's policy; the product's checker by default. */
  readonly checker?: PassphraseChecker;
  /** Crypto worker threads; default min(cores, 4). */
  readonly poolSize?: number;
  /** Idle time before the vault locks itself; 0 disables. Default: the session service's. */
  readonly idleLockMs?: number;
  readonly clock?: Clock;
}

export interface DesktopServices {
  readonly layout: ProfileLayout;
  readonly registry: AccountRegistry;
  readonly deviceKeys: DeviceKeyService;
  readonly stores: CacheStoreFactory;
  readonly crypto: OpenPgpService;
  readonly pool: CryptoWorkerPool;
  readonly session: SessionService;
  readonly accounts: AccountService;
  readonly secrets: SecretService;
  readonly vault: VaultService;
  readonly sync: SyncService;
  readonly share: ShareService;
  readonly groups: GroupService;
  readonly admin: AdminService;
  readonly generator: PasswordGeneratorService;
  /** The organisation's password policy, for the generator. */
  readonly policy: OrgPolicyService;
  /** Locks the vault (wiping key material) and stops the worker threads. */
  dispose(): Promise<void>;
}

export function buildDesktopServices(options: DesktopServicesOptions): DesktopServices {
  const layout = profileLayout(options.userDataDir);
  const registry = new AccountRegistry(layout.accountsFile);
  const deviceKeys = new DeviceKeyService(options.keychain);
  const stores = new CacheStoreFactory(layout.cachesDir, deviceKeys);
  const crypto = new OpenPgpService();
  const pool = new CryptoWorkerPool(options.poolSize === undefined ? {} : { size: options.poolSize });
  const createApi = (serverUrl: string) => new PassboltApi(serverUrl);
  const session = new SessionService({
    // The passphrase check (key derivation) runs on a worker thread while the cache rows are read.
    registry, stores, crypto, keyUnlocker: pool, passphrases: deviceKeys, createApi,
    createIndex: options.createIndex ?? (() => new SearchIndex()), events: options.events,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.idleLockMs === undefined ? {} : { idleLockMs: options.idleLockMs }),
  });
  const checker = options.checker ?? new PassphrasePolicyService();
  const accounts = new AccountService({ registry, stores, crypto, checker, passphrases: deviceKeys, session, createApi });
  const secrets = new SecretService(session, crypto);
  const vault = new VaultService(session, secrets, crypto, pool);
  const generator = new PasswordGeneratorService();
  return {
    layout, registry, deviceKeys, stores, crypto, pool, session, accounts, secrets, vault,
    sync: new SyncService(session, crypto, options.events),
    share: new ShareService(session, secrets, crypto, pool),
    groups: new GroupService(session, crypto, pool),
    admin: new AdminService(session),
    generator,
    policy: new OrgPolicyService(session, generator),
    async dispose() {
      session.lock('user');
      await pool.dispose();
    },
  };
}
