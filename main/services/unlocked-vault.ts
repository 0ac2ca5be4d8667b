// Everything that exists only while an account is unlocked: the decrypted private key, the API session and its
// tokens, the open cache, the decrypted metadata and its search index. `wipe()` drops all of it (lock).
//
// This object is the one owner of the vault's state. Services read through its read-only views and change it
// only through its methods, which apply every change in one order: the sealed store first (so memory never
// shows what a crash would lose), then the in-memory maps, then the search index, and then, for resources, one
// `vault.changed` event. Sync, edits, shares and group changes all go through the same path.
//
// One exception, filling an empty cache (the first sync of an account): between beginBulkLoad and endBulkLoad,
// resources reach memory and the index at once and the store afterwards, all together in id order. Writing a page
// at a time put each page's rows at random places of an ever larger table: at 100,000 resources that took most of
// the first sync and grew faster than the vault. A crash meanwhile loses only the first sync (the next one starts
// over: the sync state is written after endBulkLoad).
import type { PassboltApi } from '../api/passbolt-api';
import type { AccessTokenManager } from '../api/access-token-manager';
import { PublicKeyRing } from '../crypto/public-key-ring';
import type { UnlockedKey } from '../crypto/unlocked-key';
import type { AccountEntry } from './account-registry';
import type { KeyTrust } from './key-trust.service';
import type { EventSink, ResourceIndex, VaultStore } from './ports';
import type { SearchQuery, SearchResult } from './search/search.service';
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

/** Rows written per store transaction when a bulk load ends (the main thread is given back in between). */
const BULK_WRITE_ROWS = 5000;

/** Resources in memory and not yet in the store during a bulk load, and cached secrets to drop at its end. */
interface BulkLoad { pending: Map<string, ResourceRecord>; staleSecrets: Set<string> }

export class UnlockedVault {
  readonly #resources = new Map<string, ResourceRecord>();
  /** While an empty cache is filled: resources in memory not yet in the store, and those removed meanwhile. */
  #bulk: BulkLoad | undefined;
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
    if (this.#bulk) this.#deferStore(this.#bulk, upserts, removals, dropSecrets);
    else this.#writeStore(upserts, removals, dropSecrets);
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

  /**
   * Starts filling an empty cache: until endBulkLoad, resource changes reach memory and the index only (see the
   * header). Does nothing unless the vault holds no resources.
   */
  beginBulkLoad(): void {
    if (this.#resources.size === 0 && !this.#bulk) this.#bulk = { pending: new Map(), staleSecrets: new Set() };
  }

  /**
   * Writes what the bulk load kept from the store, in id order, a few thousand rows per transaction. If the store
   * fails, what it did not take leaves memory too, so that the next sync brings it again (and stores it).
   */
  async endBulkLoad(): Promise<void> {
    const bulk = this.#bulk;
    if (!bulk) return;
    const rows = [...bulk.pending.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    try {
      if (bulk.staleSecrets.size > 0) this.store.deleteSecrets([...bulk.staleSecrets]);
      for (let i = 0; i < rows.length; i += BULK_WRITE_ROWS) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        if (this.#wiped) return;
        // Rows changed or removed meanwhile are not written from this list (changed ones are, just below).
        const part = rows.slice(i, i + BULK_WRITE_ROWS).filter((r) => bulk.pending.get(r.id) === r);
        this.store.transaction(() => this.store.saveResources(part));
        for (const r of part) bulk.pending.delete(r.id);
      }
      this.#bulk = undefined;
      if (bulk.pending.size > 0) this.#writeStore([...bulk.pending.values()], [], []);
    } catch (error) {
      if (this.#bulk === bulk) this.#bulk = undefined;
      if (!this.#wiped && bulk.pending.size > 0) this.#forget([...bulk.pending.keys()]);
      throw error;
    }
  }

  /** Drops resources from memory and the index only (their store rows were never written). */
  #forget(ids: string[]): void {
    for (const id of ids) this.#resources.delete(id);
    this.index.remove(ids);
    this.events.publish('vault.changed', { resourceIds: ids });
  }

  #deferStore(bulk: BulkLoad, upserts: readonly ResourceRecord[], removals: readonly string[],
    dropSecrets: readonly string[]): void {
    for (const r of upserts) bulk.pending.set(r.id, r);
    // A removed resource may have been written already (by an edit before the load, or a flushed slice).
    if (removals.length > 0) this.store.transaction(() => this.store.deleteResources(removals));
    for (const id of removals) bulk.pending.delete(id);
    for (const id of dropSecrets) bulk.staleSecrets.add(id);
  }

  #writeStore(upserts: readonly ResourceRecord[], removals: readonly string[], dropSecrets: readonly string[]): void {
    this.store.transaction(() => {
      if (upserts.length > 0) this.store.saveResources(upserts);
      if (removals.length > 0) this.store.deleteResources(removals);
      if (dropSecrets.length > 0) this.store.deleteSecrets(dropSecrets);
    });
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
    this.#bulk = undefined;
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
