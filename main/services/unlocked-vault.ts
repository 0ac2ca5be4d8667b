// Everything that exists only while an account is unlocked: the decrypted private key, the API session and its
// tokens, the open cache, the decrypted metadata and its search index. `wipe()` drops all of it (lock).
import type { PassboltApi } from '../api/passbolt-api';
import type { AccessTokenManager } from '../api/access-token-manager';
import { PublicKeyRing } from '../crypto/public-key-ring';
import type { UnlockedKey } from '../crypto/unlocked-key';
import type { AccountEntry } from './account-registry';
import type { KeyTrust } from './key-trust.service';
import type { ResourceIndex, VaultStore } from './ports';
import type { GroupRecord, ResourceRecord, UserRecord } from './vault-records';

export interface CachedRows {
  resources: ResourceRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
}

export class UnlockedVault {
  readonly resources = new Map<string, ResourceRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  /** The organisation's public keys for signature checks; see verificationRing(). */
  ring: Promise<PublicKeyRing> | undefined;
  private wiped = false;

  constructor(
    readonly account: AccountEntry,
    readonly key: UnlockedKey,
    readonly api: PassboltApi,
    readonly tokens: AccessTokenManager,
    readonly store: VaultStore,
    readonly trust: KeyTrust,
    readonly index: ResourceIndex,
    public offline: boolean,
  ) {}

  get userId(): string {
    return this.account.userId;
  }

  get isWiped(): boolean {
    return this.wiped;
  }

  /**
   * The organisation's keys (users' keys as of the last sync, plus our own), parsed once and reused for every copy
   * and reveal until a sync changes a key. Sync starts building it in the background.
   */
  verificationRing(): Promise<PublicKeyRing> {
    this.ring ??= PublicKeyRing.fromArmored([...this.users.values()].flatMap((u) => (u.armoredKey ? [u.armoredKey] : [])))
      .then((ring) => PublicKeyRing.fromKeys([this.key.publicKey, ...ring.keys]));
    return this.ring;
  }

  /** Reads every cached row (AES-GCM open + JSON); no OpenPGP. */
  static readCache(store: VaultStore): CachedRows {
    return { resources: store.loadResources(), users: store.loadUsers(), groups: store.loadGroups() };
  }

  /** Loads the cached vault into memory and indexes it. No OpenPGP: the cache holds cleartext metadata sealed. */
  loadFromCache(rows: CachedRows = UnlockedVault.readCache(this.store)): void {
    this.resources.clear();
    for (const r of rows.resources) this.resources.set(r.id, r);
    this.users.clear();
    for (const u of rows.users) this.users.set(u.id, u);
    this.groups.clear();
    for (const g of rows.groups) this.groups.set(g.id, g);
    this.index.replaceAll(rows.resources);
  }

  wipe(): void {
    if (this.wiped) return;
    this.wiped = true;
    this.key.wipe();
    this.tokens.clear();
    this.index.clear();
    this.resources.clear();
    this.users.clear();
    this.groups.clear();
    this.ring = undefined;
    this.store.close();
  }
}
