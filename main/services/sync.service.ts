// Brings the account's cache and in-memory vault up to date with the server. No OpenPGP decryption happens
// here (v4 metadata is cleartext); public keys are parsed only when new or changed, to pin their fingerprints.
//
// What is fetched: resources with the caller's permission, favorite and everyone's permissions; users (profile,
// role, memberships); groups with members; public keys (incrementally with `filter[modified-after]`); resource
// types once. Passbolt has no change feed for resources, so:
//   - a full sync fetches the whole list and diffs it against the cache: only changed rows are rewritten, and
//     resources no longer visible (deleted or unshared) are removed with their cached secrets;
//   - an incremental sync reads the list newest-modified first, page by page, down to the last sync's cut-off, and
//     compares the server's total count with ours. A count that does not add up (something was shared with us or
//     taken away) falls back to a full sync. What `modified` does not reveal (another user changing only our
//     permission or a favorite made on another machine) is picked up by the periodic full sync (every
//     FULL_SYNC_EVERY syncs or FULL_SYNC_INTERVAL_MS) or `sync({ full: true })`.
// Changes are applied through the UnlockedVault (store, memory, index, event); into an empty vault each page is
// applied as it arrives, so the vault is searchable before the last page.
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
    // Into an empty vault, each page is shown (and searchable) as soon as it arrives: nothing can be removed yet.
    const early = { added: 0, updated: 0, removed: 0 };
    const onPage = vault.resources.size === 0
      ? (page: ResourceDto[]) => {
        this.assertStillOpen(vault);
        const c = this.applyResources(vault, page.map((r) => toResourceRecord(r)), false);
        early.added += c.added;
        early.updated += c.updated;
      }
      : undefined;
    const [list, users, groups, keys] = await domainErrors(() => Promise.all([
      (wantFull ? this.fetchAll(vault, signal, onPage) : this.fetchDelta(vault, state, signal)).finally(() => this.progress('fetching', 1, 4)),
      vault.api.users.list({ contain: { profile: true, role: true, gpgkey: false, groups_users: true } }, signal),
      vault.api.groups.list({ contain: { groups_users: true } }, signal),
      vault.api.users.gpgkeys(initial ? undefined : Math.max(0, state.lastSync - KEY_CUTOFF_MARGIN_S), signal),
    ]));
    this.assertStillOpen(vault);
    // A delta whose count does not add up missed an addition or removal: diff the whole list instead.
    const resources = list ?? await domainErrors(() => this.fetchAll(vault, signal, onPage));
    this.assertStillOpen(vault);
    const mode = list && !wantFull ? 'delta' : 'full';
    this.progress('fetching', 4, 4);
    if (initial || !vault.getSetting(RESOURCE_TYPES)) {
      const types = await domainErrors(() => vault.api.resources.types());
      this.assertStillOpen(vault);
      vault.setSetting(RESOURCE_TYPES, JSON.stringify(types));
    }
    this.assertStillOpen(vault);

    this.progress('saving', 0, resources.resources.length);
    const keyChanges = await this.saveUsers(vault, users, keys, initial);
    vault.replaceGroups(groups.map((g) => toGroupRecord(g)));
    const records = resources.resources.map((r) => toResourceRecord(r));
    const final = this.applyResources(vault, records, mode === 'full');
    const counts = { added: early.added + final.added, updated: early.updated + final.updated, removed: final.removed };
    const now = Date.now();
    const next: SyncState = {
      lastSync: resources.serverTime ?? Math.floor(now / 1000),
      lastFull: mode === 'full' ? now : (state?.lastFull ?? now),
      sinceFull: mode === 'full' ? 0 : (state?.sinceFull ?? 0) + 1,
      unreadable: mode === 'full' ? resources.skipped : (state?.unreadable ?? 0),
    };
    vault.setSetting(SYNC_STATE, JSON.stringify(next));
    this.progress('done', resources.resources.length, resources.resources.length);
    return {
      initial, mode, ...counts, total: vault.resources.size, skipped: resources.skipped, keyChanges,
      durationMs: performance.now() - started,
    };
  }

  /**
   * The whole list, in pages (oldest first, so a resource created meanwhile lands on the last page), with the next
   * page requested while this one is parsed: the peak memory is a page, not a 10 MB answer. If the pages do not add
   * up to the server's count (something was deleted or created between them), the list is fetched in one answer.
   */
  private async fetchAll(vault: UnlockedVault, signal?: AbortSignal, onPage?: (page: ResourceDto[]) => void): Promise<ResourceList> {
    const page = (n: number) => vault.api.resources.list({
      contain: RESOURCE_CONTAINS, sort: 'Resources.created', direction: 'asc', limit: this.fullPageSize, page: n,
    }, signal);
    const first = await page(1);
    onPage?.(first.resources);
    if (first.count === undefined) return first; // a server that does not paginate sent everything
    const pages = Math.max(1, Math.ceil(first.count / this.fullPageSize));
    const all: ResourceList = { ...first, resources: [...first.resources] };
    let next = pages > 1 ? page(2) : undefined;
    for (let n = 2; n <= pages; n++) {
      const current = await (next as Promise<ResourceList>);
      next = n < pages ? page(n + 1) : undefined;
      if (current.count !== first.count) break;
      onPage?.(current.resources);
      all.resources.push(...current.resources);
      all.skipped += current.skipped;
    }
    await next?.catch(() => undefined);
    if (all.resources.length + all.skipped === first.count) return all;
    const whole = await vault.api.resources.list({ contain: RESOURCE_CONTAINS }, signal);
    onPage?.(whole.resources);
    return whole;
  }

  /**
   * Resources modified since the last sync, newest first, page by page. Undefined when the server's total does not
   * match ours plus the new ones (then only a full diff can tell what appeared or went).
   */
  private async fetchDelta(vault: UnlockedVault, state: SyncState, signal?: AbortSignal): Promise<ResourceList | undefined> {
    const cutoff = isoSeconds(state.lastSync - KEY_CUTOFF_MARGIN_S);
    const changed: ResourceList = { resources: [], skipped: 0, serverTime: undefined, count: undefined };
    for (let page = 1; ; page++) {
      const list = await vault.api.resources.list({
        contain: RESOURCE_CONTAINS, sort: 'Resources.modified', direction: 'desc', limit: this.deltaPageSize, page,
      }, signal);
      changed.serverTime ??= list.serverTime;
      changed.count ??= list.count;
      changed.skipped += list.skipped;
      const recent = list.resources.filter((r) => r.modified >= cutoff);
      changed.resources.push(...recent);
      if (recent.length < list.resources.length || list.resources.length + list.skipped < this.deltaPageSize) break;
      if (page >= DELTA_MAX_PAGES) return undefined;
    }
    if (changed.count === undefined) return undefined;
    const added = changed.resources.filter((r) => !vault.resources.has(r.id)).length;
    if (changed.count !== vault.resources.size + added + (state.unreadable ?? 0)) return undefined;
    return changed;
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

  /**
   * Applies fetched records: changed ones are upserted; with `complete` (a full list) the ones missing are removed.
   * Stale cached secrets (the resource changed) are dropped with them.
   */
  private applyResources(vault: UnlockedVault, fresh: ResourceRecord[], complete: boolean): { added: number; updated: number; removed: number } {
    const changed: ResourceRecord[] = [];
    const staleSecrets: string[] = [];
    let added = 0;
    const freshIds = new Set<string>();
    for (const record of fresh) {
      freshIds.add(record.id);
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
    const removed = complete ? [...vault.resources.keys()].filter((id) => !freshIds.has(id)) : [];
    vault.applyResources({ upserts: changed, removals: removed, staleSecrets });
    return { added, updated: changed.length - added, removed: removed.length };
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
