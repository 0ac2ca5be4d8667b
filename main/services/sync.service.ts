// Brings the account's cache and in-memory vault up to date with the server. No OpenPGP decryption happens
// here (v4 metadata is cleartext); public keys are parsed only when new or changed, to pin their fingerprints.
//
// What is fetched: resources with the caller's permission, favorite and everyone's permissions; users (profile,
// role, memberships); groups with members; public keys (incrementally with `filter[modified-after]`); resource
// types once. Passbolt has no change feed for resources, so the full list is diffed against the cache: only
// changed rows are rewritten, and resources no longer visible (deleted or unshared) are removed with their
// cached secrets.
import { DomainError } from '../../common/ipc';
import type { GpgkeyDto, UserDto } from '../api/schemas';
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

export interface SyncReport {
  initial: boolean;
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
}

export class SyncService {
  private running: Promise<SyncReport> | undefined;

  constructor(
    private readonly session: SessionService,
    private readonly crypto: Pick<OpenPgpService, 'readKeyInfo'>,
    private readonly events: EventSink,
  ) {}

  /** Runs a sync (initial when the cache is empty); concurrent calls share one run. */
  sync(signal?: AbortSignal): Promise<SyncReport> {
    this.running ??= this.run(signal).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  lastSync(): number | undefined {
    const raw = this.session.current().store.getSetting(SYNC_STATE);
    return raw ? (JSON.parse(raw) as SyncState).lastSync : undefined;
  }

  private async run(signal?: AbortSignal): Promise<SyncReport> {
    const started = performance.now();
    let vault = this.session.current();
    if (vault.offline && !(await this.session.reconnect())) throw offlineEditError();
    vault = this.session.current();
    const state = this.readState(vault);
    const initial = state === undefined;
    this.progress('fetching', 0, 4);
    const [list, users, groups, keys] = await domainErrors(() => Promise.all([
      vault.api.resources.list({ contain: { permission: true, favorite: true, permissions: true } }, signal)
        .finally(() => this.progress('fetching', 1, 4)),
      vault.api.users.list({ contain: { profile: true, role: true, gpgkey: false, groups_users: true } }, signal),
      vault.api.groups.list({ contain: { groups_users: true } }, signal),
      vault.api.users.gpgkeys(initial ? undefined : Math.max(0, state.lastSync - KEY_CUTOFF_MARGIN_S), signal),
    ]));
    this.progress('fetching', 4, 4);
    if (initial || !vault.store.getSetting(RESOURCE_TYPES)) {
      vault.store.setSetting(RESOURCE_TYPES, JSON.stringify(await domainErrors(() => vault.api.resources.types())));
    }
    this.assertStillOpen(vault);

    this.progress('saving', 0, list.resources.length);
    const keyChanges = await this.saveUsers(vault, users, keys, initial);
    vault.store.replaceGroups(groups.map(toGroupRecord));
    vault.groups.clear();
    for (const g of groups) vault.groups.set(g.id, toGroupRecord(g));
    const counts = this.saveResources(vault, list.resources.map((r) => toResourceRecord(r)));
    vault.store.setSetting(SYNC_STATE, JSON.stringify({ lastSync: list.serverTime ?? Math.floor(Date.now() / 1000) } satisfies SyncState));
    this.progress('done', list.resources.length, list.resources.length);
    return {
      initial, ...counts, total: vault.resources.size, skipped: list.skipped, keyChanges,
      durationMs: performance.now() - started,
    };
  }

  private readState(vault: UnlockedVault): SyncState | undefined {
    const raw = vault.store.getSetting(SYNC_STATE);
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
        const fingerprint = await this.fingerprint(key.armored_key);
        record = { ...toUserRecord({ ...dto, gpgkey: key }, fingerprint) };
        if (fingerprint) seen.push({ userId: dto.id, fingerprint });
      } else {
        record = { ...toUserRecord(dto, old?.fingerprint ?? null), armoredKey: old?.armoredKey ?? null, keyModified: old?.keyModified ?? null };
      }
      records.push(record);
    }));
    this.assertStillOpen(vault);
    const changes = vault.trust.observe(seen);
    vault.store.replaceUsers(records);
    previous.clear();
    for (const r of records) previous.set(r.id, r);
    if (seen.length > 0) vault.ring = undefined;
    return changes;
  }

  private async fingerprint(armoredKey: string): Promise<string | null> {
    try {
      return (await this.crypto.readKeyInfo(armoredKey)).fingerprint;
    } catch {
      return null; // an unreadable key cannot be pinned nor used as a recipient
    }
  }

  private saveResources(vault: UnlockedVault, fresh: ResourceRecord[]): { added: number; updated: number; removed: number } {
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
        if (old.modified !== record.modified) staleSecrets.push(record.id);
      }
    }
    const removed = [...vault.resources.keys()].filter((id) => !freshIds.has(id));
    if (changed.length > 0) vault.store.saveResources(changed);
    if (removed.length > 0) vault.store.deleteResources(removed);
    if (removed.length + staleSecrets.length > 0) vault.store.deleteSecrets([...removed, ...staleSecrets]);
    for (const r of changed) vault.resources.set(r.id, r);
    for (const id of removed) vault.resources.delete(id);
    if (added === fresh.length && removed.length === 0) vault.index.replaceAll(fresh);
    else {
      if (changed.length > 0) vault.index.upsert(changed);
      if (removed.length > 0) vault.index.remove(removed);
    }
    const ids = [...changed.map((r) => r.id), ...removed];
    if (ids.length > 0) this.events.publish('vault.changed', { resourceIds: ids });
    return { added, updated: changed.length - added, removed: removed.length };
  }

  private assertStillOpen(vault: UnlockedVault): void {
    if (vault.isWiped) throw new DomainError('VAULT_LOCKED', 'The vault was locked during the sync.');
  }

  private progress(phase: 'fetching' | 'saving' | 'done', done: number, total: number): void {
    this.events.publish('sync.progress', { phase, done, total });
  }
}
