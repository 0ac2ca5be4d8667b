// Everything that exists only while an account is unlocked: the decrypted private key, the API session and its
// tokens, the open cache, the decrypted metadata and its search index. `wipe()` drops all of it (lock).
//
// This object is the one owner of the vault's state. Services read through its read-only views and change it
// only through its methods, which apply every change in one order: the sealed store first (so memory never
// shows what a crash would lose), then the in-memory maps, then the search index, and then, for resources, one
// `vault.changed` event. Sync, edits, shares and group changes all go through the same path.
import type { PassboltApi } from '../api/passbolt-api';
import type { AccessTokenManager } from '../api/access-token-manager';
import { PublicKeyRing } from '../crypto/public-key-ring';
import type { UnlockedKey } from '../crypto/unlocked-key';
import type { AccountEntry } from './account-registry';
import type { KeyTrust } from './key-trust.service';
import type { EventSink, ResourceIndex, VaultStore } from './ports';
import type { SearchQuery, SearchResult } from './search.service';
import type { GroupRecord, ResourceRecord, SecretRecord, UserRecord } from './vault-records';

export interface CachedRows {
  resources: ResourceRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
}

/** One batch of resource changes. */
export interface ResourceChanges {
  /** Added or changed records (replaced whole, by id). */
  upserts?: readonly ResourceRecord[];
  /** Resources gone from the vault (deleted, or no longer shared with the user); their cached secrets go too. */
  removals?: readonly string[];
  /** Resources whose cached secret may be out of date (fetched again on the next copy). */
  staleSecrets?: readonly string[];
}

export class UnlockedVault {
  readonly #resources = new Map<string, ResourceRecord>();
  readonly #users = new Map<string, UserRecord>();
  readonly #groups = new Map<string, GroupRecord>();
  /** The organisation's public keys for signature checks; see verificationRing(). */
  #ring: Promise<PublicKeyRing> | undefined;
  #wiped = false;

  constructor(
    readonly account: AccountEntry,
    readonly key: UnlockedKey,
    readonly api: PassboltApi,
    readonly tokens: AccessTokenManager,
    private readonly store: VaultStore,
    readonly trust: KeyTrust,
    private readonly index: ResourceIndex,
    private readonly events: EventSink,
    public offline: boolean,
  ) {}

  get userId(): string {
    return this.account.userId;
  }

  get isWiped(): boolean {
    return this.#wiped;
  }

  /** The decrypted metadata, read-only: change it with applyResources. */
  get resources(): ReadonlyMap<string, ResourceRecord> {
    return this.#resources;
  }

  get users(): ReadonlyMap<string, UserRecord> {
    return this.#users;
  }

  get groups(): ReadonlyMap<string, GroupRecord> {
    return this.#groups;
  }

  /** Ranked, filtered, sorted ids from the search index. */
  search(query: SearchQuery): SearchResult {
    return this.index.query(query);
  }

  /**
   * The organisation's keys (users' keys as of the last sync, plus our own), parsed once and reused for every copy
   * and reveal until a change of keys drops it.
   */
  verificationRing(): Promise<PublicKeyRing> {
    if (this.#ring) return this.#ring;
    const ring = PublicKeyRing.fromArmored([...this.#users.values()].flatMap((u) => (u.armoredKey ? [u.armoredKey] : [])))
      .then((r) => PublicKeyRing.fromKeys([this.key.publicKey, ...r.keys]));
    this.#ring = ring;
    // A failed parse is not kept: the next copy tries again.
    ring.catch(() => {
      if (this.#ring === ring) this.#ring = undefined;
    });
    return ring;
  }

  /** Reads every cached row (AES-GCM open + JSON); no OpenPGP. */
  static readCache(store: VaultStore): CachedRows {
    return { resources: store.loadResources(), users: store.loadUsers(), groups: store.loadGroups() };
  }

  /** Loads the cached vault into memory and indexes it. No OpenPGP: the cache holds cleartext metadata sealed. */
  loadFromCache(rows: CachedRows = UnlockedVault.readCache(this.store)): void {
    this.#resources.clear();
    for (const r of rows.resources) this.#resources.set(r.id, r);
    this.#users.clear();
    for (const u of rows.users) this.#users.set(u.id, u);
    this.#groups.clear();
    for (const g of rows.groups) this.#groups.set(g.id, g);
    this.index.replaceAll(rows.resources);
  }

  /** Applies added, changed and removed resources: store, memory, index, then one `vault.changed`. */
  applyResources(changes: ResourceChanges): void {
    const upserts = changes.upserts ?? [];
    const removals = changes.removals ?? [];
    const dropSecrets = [...removals, ...(changes.staleSecrets ?? [])];
    if (upserts.length + removals.length + dropSecrets.length === 0) return;
    this.store.transaction(() => {
      if (upserts.length > 0) this.store.saveResources(upserts);
      if (removals.length > 0) this.store.deleteResources(removals);
      if (dropSecrets.length > 0) this.store.deleteSecrets(dropSecrets);
    });
    // Into an empty vault, building the index once is cheaper than inserting row by row.
    const rebuild = this.#resources.size === 0 && removals.length === 0;
    for (const r of upserts) this.#resources.set(r.id, r);
    for (const id of removals) this.#resources.delete(id);
    if (rebuild) this.index.replaceAll(upserts);
    else {
      if (upserts.length > 0) this.index.upsert(upserts);
      if (removals.length > 0) this.index.remove(removals);
    }
    const ids = [...upserts.map((r) => r.id), ...removals];
    if (ids.length > 0) this.events.publish('vault.changed', { resourceIds: ids });
  }

  /** Replaces the organisation's users (a sync); drops the verification ring when `keysChanged`. */
  replaceUsers(records: readonly UserRecord[], keysChanged: boolean): void {
    this.store.replaceUsers(records);
    this.#users.clear();
    for (const r of records) this.#users.set(r.id, r);
    if (keysChanged) this.#ring = undefined;
  }

  /** Adds, changes or removes one user (administration). */
  putUser(record: UserRecord): void {
    this.replaceUsers([...[...this.#users.values()].filter((u) => u.id !== record.id), record], false);
  }

  removeUser(userId: string): void {
    if (!this.#users.has(userId)) return;
    this.replaceUsers([...this.#users.values()].filter((u) => u.id !== userId), false);
  }

  replaceGroups(records: readonly GroupRecord[]): void {
    this.store.replaceGroups(records);
    this.#groups.clear();
    for (const g of records) this.#groups.set(g.id, g);
  }

  putGroup(record: GroupRecord): void {
    this.replaceGroups([...[...this.#groups.values()].filter((g) => g.id !== record.id), record]);
  }

  removeGroup(groupId: string): void {
    if (!this.#groups.has(groupId)) return;
    this.replaceGroups([...this.#groups.values()].filter((g) => g.id !== groupId));
  }

  /** The caller's cached secret row for a resource, if any. */
  cachedSecret(resourceId: string): SecretRecord | undefined {
    return this.store.getSecret(resourceId);
  }

  saveSecret(record: SecretRecord): void {
    this.store.saveSecret(record);
  }

  forgetSecrets(resourceIds: readonly string[]): void {
    if (resourceIds.length > 0) this.store.deleteSecrets(resourceIds);
  }

  /** Account settings kept sealed in the cache (sync state, policies, the private key). */
  getSetting(name: string): string | undefined {
    return this.store.getSetting(name);
  }

  setSetting(name: string, value: string): void {
    this.store.setSetting(name, value);
  }

  deleteSetting(name: string): void {
    this.store.deleteSetting(name);
  }

  wipe(): void {
    if (this.#wiped) return;
    this.#wiped = true;
    this.key.wipe();
    this.tokens.clear();
    this.index.clear();
    this.#resources.clear();
    this.#users.clear();
    this.#groups.clear();
    this.#ring = undefined;
    this.store.close();
  }
}
