// The desktop services, built by hand in dependency order (constructor injection, no framework). Free of
// Electron, so the composition root (main/index.ts) and the dev scripts that prepare a profile (scripts/) build
// exactly the same graph over the same on-disk layout: accounts.json and one sealed cache per account under the
// app's data folder, device keys in the OS keychain or, where none is reachable, sealed with the passphrase in
// the data folder's device-keys/ (remembering a passphrase is then not offered).
import { join } from 'node:path';
import { PassboltApi } from '../api/passbolt-api';
import { OpenPgpService } from '../crypto/openpgp.service';
import { CryptoWorkerPool } from '../crypto/worker-pool';
import { WrongPassphraseError } from '../crypto/errors';
import type { Keychain } from '../keychain/keychain';
import { KeytarKeychain } from '../keychain/keytar-keychain';
import { AccountRegistry } from '../services/account-registry';
import { AccountService, type PassphraseChecker } from '../services/account.service';
import { AdminService } from '../services/admin.service';
import { CacheStoreFactory } from '../services/cache-store';
import { DeviceKeyService } from '../services/device-key.service';
import { GroupService } from '../services/group.service';
import { OrgPolicyService } from '../services/org-policy.service';
import { PassphraseSealedDeviceKeys } from '../services/passphrase-sealed-device-keys';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import { PasswordGeneratorService } from '../services/password-generator.service';
import type { Clock, EventSink, ResourceIndex } from '../services/ports';
import { SearchIndex } from '../services/search/search.service';
import { SecretService } from '../services/secret.service';
import { PRIVATE_KEY_SETTING, SessionService } from '../services/session.service';
import { ShareService } from '../services/share.service';
import { SyncService } from '../services/sync.service';
import { VaultService } from '../services/vault.service';

/** Where a profile (the app's userData folder) keeps its files. */
export interface ProfileLayout {
  /** The accounts set up on this machine (no secrets). */
  readonly accountsFile: string;
  /** One sealed SQLite cache per account. */
  readonly cachesDir: string;
  /** Where no OS keychain is used: each account's device key, wrapped under a key derived from its passphrase. */
  readonly deviceKeysDir: string;
}

export function profileLayout(userDataDir: string): ProfileLayout {
  return {
    accountsFile: join(userDataDir, 'accounts.json'), cachesDir: join(userDataDir, 'caches'),
    deviceKeysDir: join(userDataDir, 'device-keys'),
  };
}

/**
 * The OS keychain if it answers, else 'none' (then device keys are sealed with the passphrase). On Linux without a
 * D-Bus session there is no Secret Service to ask. A read of an entry that does not exist is enough to show the
 * store is reachable; the time limit covers a keyring that waits for an unlock prompt nobody answers.
 */
export async function probeOsKeychain(keychain: Keychain = new KeytarKeychain(), timeoutMs = 15_000): Promise<Keychain | 'none'> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) return 'none';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'none'>((resolve) => { timer = setTimeout(() => resolve('none'), timeoutMs); });
  try {
    return await Promise.race([keychain.get('tessera-probe').then(() => keychain, () => 'none' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface DesktopServicesOptions {
  /** The app's data folder (Electron's userData). */
  readonly userDataDir: string;
  /**
   * The OS keychain in the app (a throwaway in-memory one for dev-only profiles), or 'none' where no keychain is
   * reachable (see probeOsKeychain): device keys are then sealed with each account's passphrase.
   */
  readonly keychain: Keychain | 'none';
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
  /** Device keys (and remembered passphrases) in the OS keychain, or sealed with the passphrase in the profile. */
  readonly deviceKeys: DeviceKeyService | PassphraseSealedDeviceKeys;
  /** 'os': device keys in the OS keychain, a passphrase can be remembered; 'passphrase': sealed with it, no remembering. */
  readonly keychainKind: 'os' | 'passphrase';
  /** Whether "remember my passphrase" may be offered. */
  canRemember(): boolean;
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
  const deviceKeys = options.keychain === 'none'
    ? new PassphraseSealedDeviceKeys(layout.deviceKeysDir) : new DeviceKeyService(options.keychain);
  const crypto = new OpenPgpService();
  const stores = new CacheStoreFactory(layout.cachesDir, deviceKeys, {
    // After an interrupted passphrase change, the wrap to keep is the one whose passphrase unlocks the stored key.
    async checkPassphrase(store, passphrase) {
      const armored = store.getSetting(PRIVATE_KEY_SETTING);
      if (armored === undefined) return true;
      try {
        (await crypto.unlockPrivateKey(armored, passphrase)).wipe();
        return true;
      } catch (error) {
        if (error instanceof WrongPassphraseError) return false;
        throw error;
      }
    },
  });
  const pool = new CryptoWorkerPool(options.poolSize === undefined ? {} : { size: options.poolSize });
  const createApi = (serverUrl: string) => new PassboltApi(serverUrl);
  const session = new SessionService({
    // The passphrase check (key derivation) runs on a worker thread while the cache rows are read.
    registry, stores, crypto, keyUnlocker: pool, passphrases: deviceKeys, createApi,
    createIndex: options.createIndex ?? (() => new SearchIndex()), events: options.events,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.idleLockMs === undefined ? {} : { idleLockMs: options.idleLockMs }),
  });
  // Every window follows an unlock made in any of them (the quick-access window asks for the passphrase too).
  session.onUnlock(() => {
    const { accountId } = session.status();
    if (accountId) options.events.publish('session.unlocked', { accountId });
  });
  const checker = options.checker ?? new PassphrasePolicyService();
  const accounts = new AccountService({ registry, stores, crypto, checker, passphrases: deviceKeys, session, createApi });
  const secrets = new SecretService(session, crypto);
  const vault = new VaultService(session, secrets, crypto, pool);
  const generator = new PasswordGeneratorService();
  return {
    layout, registry, deviceKeys, stores, crypto, pool, session, accounts, secrets, vault,
    keychainKind: deviceKeys instanceof PassphraseSealedDeviceKeys ? 'passphrase' : 'os',
    canRemember: () => !(deviceKeys instanceof PassphraseSealedDeviceKeys),
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
