// A "desktop machine" for integration tests: the real services wired as main/index.ts will wire them, with their
// own data folder (account list + caches) and their own entries in the real OS keychain (gnome-keyring on the
// private D-Bus session the vitest global setup starts), against a real Tessera server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../common/ipc';
import type { HttpClientOptions } from '../../api/http-client';
import { PassboltApi } from '../../api/passbolt-api';
import { OpenPgpService } from '../../crypto/openpgp.service';
import { CryptoWorkerPool } from '../../crypto/worker-pool';
import type { Keychain } from '../../keychain/keychain';
import { KeytarKeychain } from '../../keychain/keytar-keychain';
import { AccountRegistry } from '../account-registry';
import { AccountService, type PassphraseChecker } from '../account.service';
import { AdminService } from '../admin.service';
import { CacheStoreFactory } from '../cache-store';
import { DeviceKeyService } from '../device-key.service';
import { GroupService } from '../group.service';
import { OrgPolicyService } from '../org-policy.service';
import { PasswordGeneratorService } from '../password-generator.service';
import type { Clock, EventSink, ResourceIndex } from '../ports';
import { SecretService } from '../secret.service';
import { SessionService } from '../session.service';
import { ShareService } from '../share.service';
import { SyncService } from '../sync.service';
import { VaultService } from '../vault.service';

export interface RecordedEvent { event: string; payload: unknown }

export interface DesktopMachine {
  dir: string;
  keychain: Keychain;
  registry: AccountRegistry;
  stores: CacheStoreFactory;
  deviceKeys: DeviceKeyService;
  crypto: OpenPgpService;
  pool: CryptoWorkerPool;
  session: SessionService;
  accounts: AccountService;
  sync: SyncService;
  vault: VaultService;
  secrets: SecretService;
  share: ShareService;
  groups: GroupService;
  admin: AdminService;
  policy: OrgPolicyService;
  events: RecordedEvent[];
  close(): Promise<void>;
}

export interface MachineOptions {
  checker: PassphraseChecker;
  createIndex: () => ResourceIndex;
  clock?: Clock;
  idleLockMs?: number;
  /** Reuse another machine's folder (simulates restarting the app). */
  dir?: string;
  keychainService?: string;
  poolSize?: number;
  /** The crypto worker script (benchmarks pass the bundled one the app ships); default: from source through tsx. */
  workerUrl?: URL;
  /** Default: the real OS keychain (keytar) under a throwaway service name. */
  keychain?: Keychain;
  /** Timeouts and limits of the API client (the defaults are the app's). */
  apiOptions?: HttpClientOptions;
}

export function createDesktopMachine(options: MachineOptions): DesktopMachine {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tessera-desktop-'));
  const keychain = options.keychain ?? new KeytarKeychain(options.keychainService ?? `Tessera-test-${randomBytes(4).toString('hex')}`);
  const deviceKeys = new DeviceKeyService(keychain);
  const registry = new AccountRegistry(join(dir, 'accounts.json'));
  const stores = new CacheStoreFactory(join(dir, 'caches'), deviceKeys);
  const crypto = new OpenPgpService();
  const pool = new CryptoWorkerPool({ size: options.poolSize ?? 2, ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}) });
  const recorded: RecordedEvent[] = [];
  const events: EventSink = {
    publish<E extends EventName>(event: E, payload: EventPayload<E>) { recorded.push({ event, payload }); },
  };
  const createApi = (url: string) => new PassboltApi(url, options.apiOptions);
  const session = new SessionService({
    registry, stores, crypto, keyUnlocker: pool, passphrases: deviceKeys, createApi, createIndex: options.createIndex, events,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.idleLockMs !== undefined ? { idleLockMs: options.idleLockMs } : {}),
  });
  const accounts = new AccountService({ registry, stores, crypto, checker: options.checker, passphrases: deviceKeys, session, createApi });
  const secrets = new SecretService(session, crypto);
  const vault = new VaultService(session, secrets, crypto, pool);
  return {
    dir, keychain, registry, stores, deviceKeys, crypto, pool, session, accounts, secrets, vault, events: recorded,
    sync: new SyncService(session, crypto, events),
    share: new ShareService(session, secrets, crypto, pool),
    groups: new GroupService(session, crypto, pool),
    admin: new AdminService(session),
    policy: new OrgPolicyService(session, new PasswordGeneratorService()),
    async close() {
      session.lock('user');
      await pool.dispose();
      for (const account of registry.list()) await deviceKeys.deleteAccount(account.id).catch(() => undefined);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
