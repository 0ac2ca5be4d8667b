// Brings the account's cache and in-memory vault up to date with the server. No OpenPGP decryption happens
// here (v4 metadata is cleartext); public keys are parsed only when new or changed, to pin their fingerprints.
//
// What is fetched: resources with the caller's permission, favorite and everyone's permissions; users (profile,
// role, memberships); groups with members; public keys (incrementally with `filter[modified-after]`); resource
// types once. Passbolt has no change feed for resources, so:
//   - a full sync reads the whole list page by page, oldest first, and applies each page as it arrives: only
//     changed rows are rewritten, and once the last page is in, resources no longer visible (deleted or unshared)
//     are removed with their cached secrets. A Tessera server continues each page after the previous page's last
//     row (`after`), which costs it the same for every page; a Passbolt server, which ignores `after`, answers the
//     `page` sent with it;
//   - an incremental sync reads the list newest-modified first, page by page, down to the last sync's cut-off, and
//     compares the server's total count with ours. A count that does not add up (something was shared with us or
//     taken away) falls back to a full sync. What `modified` does not reveal (another user changing only our
//     permission or a favorite made on another machine) is picked up by the periodic full sync (every
//     FULL_SYNC_EVERY syncs or FULL_SYNC_INTERVAL_MS) or `sync({ full: true })`.
// Changes are applied through the UnlockedVault (store, memory, index, event), a page at a time, so the vault is
// searchable before the last page and the fetched list is never held whole.
import { DomainError } from '../../common/ipc';
import type { ResourceList } from '../api/resources-api';
import type { GpgkeyDto, ResourceDto, UserDto } from '../api/schemas';
import type { EncryptionMaterial } from '../crypto/encryption-material';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { KeyChange } from './key-trust.service';
import type { EventSink } from './ports';
import { domainErrors, offlineEditError } from './service-errors';
import type { SessionService } from './session.service';
import type { UnlockedVault } from './unlocked-vault';
import {
  resourceVersion, toGroupRecord, toResourceRecord, toUserRecord, type ResourceRecord, type UserRecord,
} from './vault-records';

const SYNC_STATE = 'sync.state';
const RESOURCE_TYPES = 'resource-types';
/** Keys modified within this margin before the last cut-off are fetched again (clock granularity, races). */
const KEY_CUTOFF_MARGIN_S = 120;
const FULL_SYNC_EVERY = 10;
const FULL_SYNC_INTERVAL_MS = 15 * 60_000;
const DELTA_PAGE_SIZE = 100;
/** Resources per page of a full sync (~1 MB of JSON). */
const FULL_PAGE_SIZE = 1000;
/** Past this many pages of changes a full list is cheaper than paging on. */
const DELTA_MAX_PAGES = 10;
const RESOURCE_CONTAINS = { permission: true, favorite: true, permissions: true } as const;

export interface SyncReport {
  initial: boolean;
  /** 'full': the whole list was diffed; 'delta': only resources modified since the last sync were fetched. */
  mode: 'full' | 'delta';
  added: number;
  updated: number;
  removed: number;
  total: number;
  /** Resources the client cannot show (v5 encrypted metadata). */
  skipped: number;
  /** Users whose key differs from the one pinned earlier (sharing to them is refused until accepted). */
  keyChanges: KeyChange[];
  durationMs: number;
}

interface SyncState {
  lastSync: number;
  /** Unix ms of the last full sync, and how many syncs ran since. */
  lastFull?: number;
  sinceFull?: number;
  /** Resources the last full sync could not read (counted by the server, absent from the vault). */
  unreadable?: number;
}

/** What a sync read and applied of the resource list. */
interface FetchedList {
  applied: { added: number; updated: number };
  /** Every id a full list held (what is not in it goes); undefined for a delta, which removes nothing. */
  seen: Set<string> | undefined;
  /** Resources received and readable, and those the client cannot read (v5 encrypted metadata). */
  received: number;
  skipped: number;
  serverTime: number | undefined;
}

function emptyFetch(full = true): FetchedList {
  return { applied: { added: 0, updated: 0 }, seen: full ? new Set() : undefined, received: 0, skipped: 0, serverTime: undefined };
}

export interface SyncOptions {
  signal?: AbortSignal;
  /** Diff the whole list even if an incremental sync would do. */
  full?: boolean;
}

export class SyncService {
  private running: Promise<SyncReport> | undefined;

  private readonly fullPageSize: number;
  private readonly deltaPageSize: number;

  constructor(
    private readonly session: SessionService,
    private readonly crypto: Pick<OpenPgpService, 'readKeyInfo'>,
    private readonly events: EventSink,
    options: { fullPageSize?: number; deltaPageSize?: number } = {},
  ) {
    this.fullPageSize = options.fullPageSize ?? FULL_PAGE_SIZE;
    this.deltaPageSize = options.deltaPageSize ?? DELTA_PAGE_SIZE;
    // A sync still running for a locked vault fails on its own; the next unlock must not wait for it.
    session.onLock(() => {
      this.running = undefined;
    });
  }

  /** Runs a sync (initial when the cache is empty); concurrent calls share one run. */
  sync(options: SyncOptions = {}): Promise<SyncReport> {
    this.running ??= this.run(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  lastSync(): number | undefined {
    const raw = this.session.current().getSetting(SYNC_STATE);
    return raw ? (JSON.parse(raw) as SyncState).lastSync : undefined;
  }

  private async run({ signal, full }: SyncOptions): Promise<SyncReport> {
    const started = performance.now();
    let vault = this.session.current();
    if (vault.offline && !(await this.session.reconnect())) throw offlineEditError();
    vault = this.session.current();
    const state = this.readState(vault);
    const initial = state === undefined;
    const wantFull = initial || full === true || (state.sinceFull ?? 0) + 1 >= FULL_SYNC_EVERY
      || Date.now() - (state.lastFull ?? 0) >= FULL_SYNC_INTERVAL_MS;
    this.progress('fetching', 0, 4);
    // Filling an empty cache: pages go to memory and the index as they arrive, to the store once at the end.
    vault.beginBulkLoad();
    try {
      return await this.runOn(vault, state, wantFull, started, signal);
    } finally {
      await vault.endBulkLoad();
    }
  }

  private async runOn(vault: UnlockedVault, state: SyncState | undefined, wantFull: boolean, started: number,
    signal?: AbortSignal): Promise<SyncReport> {
    const initial = state === undefined;
    // A key that differs from its pin is fetched whole again: the one the server sends now may be the pinned one
    // (a swap that was undone), which an incremental fetch would never resend.
    const allKeys = initial || [...vault.users.values()].some((u) => {
      const pin = vault.trust.userPin(u.id);
      return u.fingerprint !== null && pin !== undefined && pin !== u.fingerprint;
    });
    const [listed, users, groups, keys] = await domainErrors(() => Promise.all([
      (wantFull || !state ? this.fetchAll(vault, signal) : this.fetchDelta(vault, state, signal)).finally(() => this.progress('fetching', 1, 4)),
      vault.api.users.list({ contain: { profile: true, role: true, gpgkey: false, groups_users: true } }, signal),
      vault.api.groups.list({ contain: { groups_users: true } }, signal),
      vault.api.users.gpgkeys(allKeys || !state ? undefined : Math.max(0, state.lastSync - KEY_CUTOFF_MARGIN_S), signal),
    ]));
    this.assertStillOpen(vault);
    // A delta whose count does not add up missed an addition or removal: read the whole list instead.
    const resources = listed ?? await domainErrors(() => this.fetchAll(vault, signal));
    this.assertStillOpen(vault);
    const mode = listed && !wantFull ? 'delta' : 'full';
    this.progress('fetching', 4, 4);
    if (initial || !vault.getSetting(RESOURCE_TYPES)) {
      const types = await domainErrors(() => vault.api.resources.types());
      this.assertStillOpen(vault);
      vault.setSetting(RESOURCE_TYPES, JSON.stringify(types));
    }
    this.assertStillOpen(vault);

    this.progress('saving', 0, resources.received);
    const keyChanges = await this.saveUsers(vault, users, keys, initial);
    vault.replaceGroups(groups.map((g) => toGroupRecord(g)));
    const removed = resources.seen ? this.removeUnseen(vault, resources.seen) : 0;
    const counts = { ...resources.applied, removed };
    // The state says the cache holds this sync: so the store must, first.
    await vault.endBulkLoad();
    this.assertStillOpen(vault);
    const now = Date.now();
    const next: SyncState = {
      lastSync: resources.serverTime ?? Math.floor(now / 1000),
      lastFull: mode === 'full' ? now : (state?.lastFull ?? now),
      sinceFull: mode === 'full' ? 0 : (state?.sinceFull ?? 0) + 1,
      unreadable: mode === 'full' ? resources.skipped : (state?.unreadable ?? 0),
    };
    vault.setSetting(SYNC_STATE, JSON.stringify(next));
    this.progress('done', resources.received, resources.received);
    return {
      initial, mode, ...counts, total: vault.resources.size, skipped: resources.skipped, keyChanges,
      durationMs: performance.now() - started,
    };
  }

  /**
   * The whole list, page by page, oldest first (a resource created meanwhile lands on the last page), each page
   * applied as it arrives while the next is requested. Every page but the first continues after the last row
   * received (`after`); `page` goes with it for a server that does not know `after`. If the pages do not add up
   * to the server's count (something was created, deleted or shared meanwhile), the list is paged through once
   * more; if that does not add up either, nothing is removed this time (the next full sync will), so that nothing
   * goes that was only missed. No answer ever holds the whole list.
   */
  private async fetchAll(vault: UnlockedVault, signal?: AbortSignal): Promise<FetchedList> {
    const once = await this.pageThrough(vault, signal);
    if (once.complete) return once.fetched;
    const again = await this.pageThrough(vault, signal);
    const applied = { added: once.fetched.applied.added + again.fetched.applied.added, updated: once.fetched.applied.updated + again.fetched.applied.updated };
    return { ...again.fetched, applied, seen: again.complete ? again.fetched.seen : undefined };
  }

  /** One pass over the list's pages; `complete` when they add up to the server's count. */
  private async pageThrough(vault: UnlockedVault, signal?: AbortSignal): Promise<{ fetched: FetchedList; complete: boolean }> {
    const page = (n: number, after: ResourceDto | undefined) => vault.api.resources.list({
      contain: RESOURCE_CONTAINS, sort: 'Resources.created', direction: 'asc', limit: this.fullPageSize, page: n,
      ...(after && { params: { after: `${after.created}|${after.id}` } }),
    }, signal);
    const fetched = emptyFetch();
    const first = await page(1, undefined);
    if (first.count === undefined) { // a server that does not paginate sent everything
      this.applyPage(vault, fetched, first);
      return { fetched, complete: true };
    }
    const total = first.count;
    for (let current = first, n = 2; ; n++) {
      const held = fetched.received + fetched.skipped + current.resources.length + current.skipped;
      const next = current.resources.length + current.skipped >= this.fullPageSize && held < total
        ? page(n, current.resources.at(-1)) : undefined;
      next?.catch(() => undefined); // awaited below; a lock while applying must not leave it unhandled
      this.applyPage(vault, fetched, current);
      if (!next) break;
      current = await next;
      // A Passbolt server counts every page: a different count means the list changed under the paging.
      if (current.count !== undefined && current.count !== total) return { fetched, complete: false };
    }
    return { fetched, complete: fetched.received + fetched.skipped === total };
  }

  /** Upserts what changed in one page and remembers what it held. */
  private applyPage(vault: UnlockedVault, fetched: FetchedList, list: ResourceList): void {
    this.assertStillOpen(vault);
    const counts = this.applyResources(vault, list.resources.map((r) => toResourceRecord(r)));
    fetched.applied.added += counts.added;
    fetched.applied.updated += counts.updated;
    for (const r of list.resources) fetched.seen!.add(r.id);
    fetched.received += list.resources.length;
    fetched.skipped += list.skipped;
    fetched.serverTime ??= list.serverTime;
  }

  /** Removes the resources a complete list no longer holds (deleted, or no longer shared with us). */
  private removeUnseen(vault: UnlockedVault, seen: ReadonlySet<string>): number {
    const removals: string[] = [];
    for (const id of vault.resources.keys()) if (!seen.has(id)) removals.push(id);
    vault.applyResources({ removals });
    return removals.length;
  }

  /**
   * Resources modified since the last sync, newest first, page by page. Undefined when the server's total does not
   * match ours plus the new ones (then only a full list can tell what appeared or went).
   */
  private async fetchDelta(vault: UnlockedVault, state: SyncState, signal?: AbortSignal): Promise<FetchedList | undefined> {
    const cutoff = isoSeconds(state.lastSync - KEY_CUTOFF_MARGIN_S);
    const recent: ResourceDto[] = [];
    let count: number | undefined;
    let serverTime: number | undefined;
    let skipped = 0;
    let previous: ResourceDto | undefined;
    for (let page = 1; ; page++) {
      const list = await vault.api.resources.list({
        contain: RESOURCE_CONTAINS, sort: 'Resources.modified', direction: 'desc', limit: this.deltaPageSize, page,
        ...(previous && { params: { after: `${previous.modified}|${previous.id}` } }),
      }, signal);
      serverTime ??= list.serverTime;
      count ??= list.count;
      skipped += list.skipped;
      const fresh = list.resources.filter((r) => r.modified >= cutoff);
      recent.push(...fresh);
      if (fresh.length < list.resources.length || list.resources.length + list.skipped < this.deltaPageSize) break;
      if (page >= DELTA_MAX_PAGES) return undefined;
      previous = list.resources.at(-1);
    }
    if (count === undefined) return undefined;
    const added = recent.filter((r) => !vault.resources.has(r.id)).length;
    if (count !== vault.resources.size + added + (state.unreadable ?? 0)) return undefined;
    this.assertStillOpen(vault);
    const fetched = emptyFetch(false);
    fetched.applied = this.applyResources(vault, recent.map((r) => toResourceRecord(r)));
    fetched.received = recent.length;
    fetched.skipped = skipped;
    fetched.serverTime = serverTime;
    return fetched;
  }

  private readState(vault: UnlockedVault): SyncState | undefined {
    const raw = vault.getSetting(SYNC_STATE);
    return raw ? (JSON.parse(raw) as SyncState) : undefined;
  }

  /** Merges users with their (possibly incremental) keys; computes fingerprints only for keys that changed. */
  private async saveUsers(vault: UnlockedVault, users: UserDto[], keys: GpgkeyDto[], initial: boolean): Promise<KeyChange[]> {
    const previous = vault.users;
    const freshKeys = new Map(keys.filter((k) => !k.deleted).map((k) => [k.user_id, k]));
    const records: UserRecord[] = [];
    const seen: { userId: string; fingerprint: string }[] = [];
    await Promise.all(users.map(async (dto) => {
      const old = previous.get(dto.id);
      const key = freshKeys.get(dto.id);
      let record: UserRecord;
      if (key && (initial || key.armored_key !== old?.armoredKey)) {
        const { fingerprint, encryption, emails } = await this.readKey(key.armored_key);
        record = toUserRecord({ ...dto, gpgkey: key }, fingerprint, encryption, emails);
        if (fingerprint) seen.push({ userId: dto.id, fingerprint });
      } else {
        // The material belongs to the armored key kept with it (records cached before it existed have none).
        record = {
          ...toUserRecord(dto, old?.fingerprint ?? null, old?.encryption ?? null, old?.keyEmails), armoredKey: old?.armoredKey ?? null, keyModified: old?.keyModified ?? null,
        };
      }
      records.push(record);
    }));
    this.assertStillOpen(vault);
    const changes = vault.trust.observe(seen);
    vault.replaceUsers(records, seen.length > 0);
    // Ready before the first copy; parsing a thousand keys costs a few hundred ms, off the copy's path.
    void vault.verificationRing().catch(() => undefined);
    return changes;
  }

  /**
   * The fingerprint to pin and, from the same parse, the validated encryption subkey shares wrap for (one
   * getEncryptionKey more than the fingerprint alone needs: readKeyInfo already made it for `canEncrypt`).
   */
  private async readKey(armoredKey: string): Promise<{ fingerprint: string | null; encryption: EncryptionMaterial | null; emails: string[] }> {
    try {
      const info = await this.crypto.readKeyInfo(armoredKey);
      return { fingerprint: info.fingerprint, encryption: info.encryption ?? null, emails: keyEmails(info.userIds ?? []) };
    } catch {
      return { fingerprint: null, encryption: null, emails: [] }; // an unreadable key cannot be pinned nor used as a recipient
    }
  }

  /** Upserts the fetched records that differ from the vault's; stale cached secrets go with them. */
  private applyResources(vault: UnlockedVault, fresh: ResourceRecord[]): { added: number; updated: number } {
    const changed: ResourceRecord[] = [];
    const staleSecrets: string[] = [];
    let added = 0;
    for (const record of fresh) {
      const old = vault.resources.get(record.id);
      if (!old) {
        added++;
        changed.push(record);
      } else if (resourceVersion(old) !== resourceVersion(record)) {
        changed.push(record);
        // The secret may have changed with any edit (same-second edits share a `modified`): fetch it again.
        if (old.modified !== record.modified || old.modifiedBy !== record.modifiedBy || old.name !== record.name) staleSecrets.push(record.id);
      }
    }
    vault.applyResources({ upserts: changed, staleSecrets });
    return { added, updated: changed.length - added };
  }

  private assertStillOpen(vault: UnlockedVault): void {
    if (vault.isWiped) throw new DomainError('VAULT_LOCKED', 'The vault was locked during the sync.');
  }

  private progress(phase: 'fetching' | 'saving' | 'done', done: number, total: number): void {
    this.events.publish('sync.progress', { phase, done, total });
  }
}

/** The addresses in OpenPGP user IDs ("Ada <ada@example.com>" or a bare address), lower case. */
export function keyEmails(userIds: readonly string[]): string[] {
  return userIds.flatMap((uid) => {
    const email = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(uid)?.[1] ?? (/^[^<>\s]+@[^<>\s]+$/.test(uid.trim()) ? uid.trim() : undefined);
    return email ? [email.toLowerCase()] : [];
  });
}

/** Passbolt's timestamp text for unix seconds (sorts lexically like the instant). */
function isoSeconds(seconds: number): string {
  return new Date(Math.max(0, seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
