// The vault as the UI sees it: list, search, filter and sort over the in-memory metadata (no OpenPGP), and the
// edits: create (one secret, for the creator), edit (re-encrypting for every user with access when the secret
// changes, on the worker pool), delete, favorite. Edits need the server: offline they are refused.
import { DomainError } from '../../common/ipc';
import type { ResourceWrite } from '../api/resources-api';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { BulkOptions, CryptoWorkerPool } from '../crypto/worker-pool';
import type { SearchFilters } from './search/search.service';
import { recipientKey, resolveRecipients } from './recipients';
import { descriptionInMetadata, RESOURCE_TYPE_IDS, serializeSecret, unsignedSourceError } from './resource-secrets';
import type { SecretService } from './secret.service';
import { cancelledError, domainErrors } from './service-errors';
import type { SessionService } from './session.service';
import type { UnlockedVault } from './unlocked-vault';
import { toResourceRecord, type ResourceRecord } from './vault-records';

export type VaultFilter =
  | { kind: 'all' }
  | { kind: 'favorites' }
  | { kind: 'owned' }
  | { kind: 'shared-with-me' }
  | { kind: 'group'; groupId: string };

export type VaultSort = 'name' | 'username' | 'uri' | 'modified';

/** A query for one window of rows: the renderer never asks for the whole vault. */
export interface WindowQuery {
  search: string;
  filter: VaultFilter;
  sort: 'name' | 'modified' | 'relevance';
  direction?: 'asc' | 'desc' | undefined;
  offset: number;
  limit: number;
}

export interface ResourceDetail extends ResourceSummary {
  /** True when the description is part of the encrypted secret (the UI offers to reveal it). */
  descriptionEncrypted: boolean;
  created: string;
  /** Display names of who created and last changed it, when known. */
  createdBy: string | null;
  modifiedBy: string | null;
  access: { aro: 'User' | 'Group'; aroId: string; name: string; type: 1 | 7 | 15 }[];
}

export interface ListQuery {
  search?: string;
  filter?: VaultFilter;
  sort?: VaultSort;
  direction?: 'asc' | 'desc';
  limit?: number;
}

/** What the list shows: metadata only, never a secret. */
export interface ResourceSummary {
  id: string;
  name: string;
  username: string | null;
  uri: string | null;
  /** Only for types that keep the description in the metadata. */
  description: string | null;
  modified: string;
  permission: 1 | 7 | 15;
  favorite: boolean;
  shared: boolean;
}

export interface ResourceInput {
  name: string;
  username?: string | null;
  uri?: string | null;
  description?: string | null;
  password: string;
  resourceTypeId?: string;
}

export interface ResourceChanges {
  name?: string;
  username?: string | null;
  uri?: string | null;
  description?: string | null;
  password?: string;
}

export type BulkProgress = BulkOptions;

const LIMITS = { name: 255, username: 255, uri: 1024, description: 10_000 } as const;

export class VaultService {
  constructor(
    private readonly session: SessionService,
    private readonly secrets: SecretService,
    private readonly crypto: Pick<OpenPgpService, 'encryptAndSign' | 'readKeyInfo'>,
    private readonly pool: Pick<CryptoWorkerPool, 'encryptSharedForMany'>,
  ) {}

  /**
   * Search (ranked), filter and sort over the in-memory index; no OpenPGP. Name (A to Z), modified (newest first)
   * and relevance orders come from the index; the other direction reverses it; username and uri sorts reorder.
   */
  list(query: ListQuery = {}): ResourceSummary[] {
    const vault = this.session.current();
    const search = query.search?.trim() ?? '';
    const sort = query.sort ?? (search ? undefined : 'name');
    const indexSort = sort === 'modified' || sort === 'name' ? sort : (search ? 'relevance' : 'name');
    const natural = sort === 'modified' ? 'desc' : 'asc';
    const reorder = sort === 'username' || sort === 'uri' || (query.direction !== undefined && query.direction !== natural);
    const { ids } = vault.search({
      text: search,
      filters: toSearchFilters(query.filter ?? { kind: 'all' }),
      sort: indexSort,
      ...(query.limit !== undefined && !reorder ? { limit: query.limit } : {}),
    });
    let records = ids.flatMap((id) => {
      const r = vault.resources.get(id);
      return r ? [r] : [];
    });
    if (sort === 'username' || sort === 'uri') records = sortRecords(records, sort, query.direction ?? 'asc');
    else if (reorder) records.reverse();
    if (query.limit !== undefined) records = records.slice(0, query.limit);
    return records.map((r) => summarize(r, vault.userId));
  }

  /**
   * One window of a search: ids come from the index (ranked, filtered, sorted), and only the rows in the window
   * are looked up and summarised, so a keystroke costs the same at 100 rows as at 100,000.
   */
  queryWindow(q: WindowQuery): { total: number; offset: number; rows: ResourceSummary[] } {
    const vault = this.session.current();
    const ids = this.orderedIds(vault, q);
    const rows = ids.slice(q.offset, q.offset + q.limit).flatMap((id) => {
      const r = vault.resources.get(id);
      return r ? [summarize(r, vault.userId)] : [];
    });
    return { total: ids.length, offset: q.offset, rows };
  }

  /** Where an item sits in a query's result, or -1. */
  position(id: string, q: Omit<WindowQuery, 'offset' | 'limit'>): number {
    return this.orderedIds(this.session.current(), q).indexOf(id);
  }

  /** The groups the user belongs to, by name. */
  myGroups(): { id: string; name: string }[] {
    const vault = this.session.current();
    return [...vault.groups.values()]
      .filter((g) => g.members.some((m) => m.userId === vault.userId))
      .map((g) => ({ id: g.id, name: g.name }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }

  /** Everything the detail pane shows, except secrets. */
  detail(id: string): ResourceDetail {
    const vault = this.session.current();
    const r = this.resource(vault, id);
    return {
      ...summarize(r, vault.userId),
      descriptionEncrypted: !descriptionInMetadata(r.resourceTypeId),
      created: r.created,
      createdBy: r.createdBy ? displayName(vault, r.createdBy) : null,
      modifiedBy: r.modifiedBy ? displayName(vault, r.modifiedBy) : null,
      access: this.get(id).permissions,
    };
  }

  private orderedIds(vault: UnlockedVault, q: Omit<WindowQuery, 'offset' | 'limit'>): string[] {
    const text = q.search.trim();
    // Without text there is nothing to rank by: relevance falls back to names.
    const sort = q.sort === 'relevance' && !text ? 'name' : q.sort;
    const natural = sort === 'modified' ? 'desc' : 'asc';
    const { ids } = vault.search({ text, filters: toSearchFilters(q.filter), sort });
    return q.direction !== undefined && q.direction !== natural ? [...ids].reverse() : ids;
  }

  get(id: string): ResourceSummary & { permissions: { aro: 'User' | 'Group'; aroId: string; name: string; type: 1 | 7 | 15 }[] } {
    const vault = this.session.current();
    const r = this.resource(vault, id);
    return {
      ...summarize(r, vault.userId),
      permissions: r.permissions.map((p) => ({
        aro: p.aro, aroId: p.aroId, type: p.type,
        name: p.aro === 'Group'
          ? (vault.groups.get(p.aroId)?.name ?? 'Unknown group')
          : displayName(vault, p.aroId),
      })),
    };
  }

  async create(input: ResourceInput): Promise<ResourceSummary> {
    const vault = this.session.requireOnline();
    const typeId = input.resourceTypeId ?? RESOURCE_TYPE_IDS['password-and-description'];
    const meta = validateMetadata({ ...input });
    const inMeta = descriptionInMetadata(typeId);
    const text = serializeSecret(typeId, { password: input.password, description: inMeta ? null : (input.description ?? null) });
    const data = await domainErrors(() => this.crypto.encryptAndSign(text, vault.key.publicKey, vault.key));
    const body: ResourceWrite = {
      resource_type_id: typeId, name: meta.name, username: meta.username ?? null, uri: meta.uri ?? null,
      description: inMeta ? (input.description ?? null) : null, secrets: [{ data }],
    };
    const dto = await domainErrors(() => vault.api.resources.create(body));
    const record = toResourceRecord({ ...dto, permission: dto.permission ?? null }, 15);
    if (record.permissions.length === 0) {
      record.permissions = dto.permission ? [{ id: dto.permission.id, aro: 'User', aroId: vault.userId, type: 15 }] : [];
    }
    vault.applyResources({ upserts: [record] });
    vault.saveSecret({ resourceId: record.id, data, resourceModified: record.modified });
    return summarize(record, vault.userId);
  }

  /**
   * Edits metadata and/or the secret. A new password or (for password-and-description) a new description means a
   * new secret for every user with access, encrypted on the worker pool; cancelling before the final request
   * leaves the server unchanged.
   */
  async update(id: string, changes: ResourceChanges, options: BulkProgress = {}): Promise<ResourceSummary> {
    const vault = this.session.requireOnline();
    const current = this.resource(vault, id);
    if (current.permission < 7) throw new DomainError('PERMISSION_DENIED', 'You can only read this item; ask its owner for edit rights.');
    const meta = validateMetadata({
      name: changes.name ?? current.name,
      username: changes.username === undefined ? current.username : changes.username,
      uri: changes.uri === undefined ? current.uri : changes.uri,
      description: changes.description === undefined ? current.description : changes.description,
    });
    const inMeta = descriptionInMetadata(current.resourceTypeId);
    const secretChanged = changes.password !== undefined || (!inMeta && changes.description !== undefined);
    const body: ResourceWrite = {
      resource_type_id: current.resourceTypeId, name: meta.name, username: meta.username ?? null, uri: meta.uri ?? null,
      description: inMeta ? (meta.description ?? null) : null,
    };
    let ownData: string | undefined;
    if (secretChanged) {
      const old = await this.secrets.decrypt(id);
      // The new secret keeps parts of the old one (the password or the description), re-signed by us: refuse to
      // carry over content nobody in the organisation signed.
      const keepsOld = changes.password === undefined || (!inMeta && changes.description === undefined);
      if (keepsOld && old.signature !== 'valid') throw unsignedSourceError(old.signature);
      const text = serializeSecret(current.resourceTypeId, {
        password: changes.password ?? old.password,
        description: inMeta ? null : (changes.description === undefined ? old.description : changes.description),
      });
      const users = await domainErrors(() => vault.api.users.withAccessTo(id, options.signal));
      assertKnownReaders(vault, current, users.map((u) => u.id));
      const recipients = await resolveRecipients(vault, this.crypto, users.map((u) => u.id), users);
      // Signed and encrypted once; each user gets a message wrapping that session key for their key.
      const encrypted = await domainErrors(() => this.pool.encryptSharedForMany(text, recipients.map(recipientKey), vault.key, options));
      body.secrets = recipients.map((r, i) => ({ user_id: r.userId, data: encrypted[i] as string }));
      ownData = body.secrets.find((s) => s.user_id === vault.userId)?.data;
    }
    // Last point of no return: once the request leaves, the server may apply it.
    if (options.signal?.aborted) throw cancelledError();
    const dto = await domainErrors(() => vault.api.resources.update(id, body));
    const record: ResourceRecord = {
      ...current, ...toResourceRecord(dto, current.permission),
      permission: dto.permission?.type ?? current.permission,
      favoriteId: dto.favorite === undefined ? current.favoriteId : (dto.favorite?.id ?? null),
      permissions: dto.permissions ? dto.permissions.map((p) => ({ id: p.id, aro: p.aro, aroId: p.aro_foreign_key, type: p.type })) : current.permissions,
    };
    vault.applyResources({ upserts: [record], ...(ownData ? {} : { staleSecrets: [id] }) });
    if (ownData) vault.saveSecret({ resourceId: id, data: ownData, resourceModified: record.modified });
    return summarize(record, vault.userId);
  }

  async delete(id: string): Promise<void> {
    const vault = this.session.requireOnline();
    const current = this.resource(vault, id);
    if (current.permission < 7) throw new DomainError('PERMISSION_DENIED', 'You can only read this item; ask its owner to delete it.');
    await domainErrors(() => vault.api.resources.delete(id));
    vault.applyResources({ removals: [id] });
  }

  async setFavorite(id: string, favorite: boolean): Promise<ResourceSummary> {
    const vault = this.session.requireOnline();
    const current = this.resource(vault, id);
    let favoriteId = current.favoriteId;
    if (favorite && !favoriteId) favoriteId = (await domainErrors(() => vault.api.resources.addFavorite(id))).id;
    if (!favorite && favoriteId) {
      await domainErrors(() => vault.api.resources.removeFavorite(favoriteId as string));
      favoriteId = null;
    }
    const record = { ...current, favoriteId };
    vault.applyResources({ upserts: [record] });
    return summarize(record, vault.userId);
  }

  private resource(vault: UnlockedVault, id: string): ResourceRecord {
    const r = vault.resources.get(id);
    if (!r) throw new DomainError('NOT_FOUND', 'This item does not exist or is no longer shared with you.');
    return r;
  }
}

function displayName(vault: UnlockedVault, userId: string): string {
  const u = vault.users.get(userId);
  if (!u) return 'Unknown user';
  const name = `${u.firstName} ${u.lastName}`.trim();
  return name ? `${name} (${u.username})` : u.username;
}

function summarize(r: ResourceRecord, userId: string): ResourceSummary {
  return {
    id: r.id, name: r.name, username: r.username, uri: r.uri,
    description: descriptionInMetadata(r.resourceTypeId) ? r.description : null,
    modified: r.modified, permission: r.permission, favorite: r.favoriteId !== null,
    shared: r.permissions.some((p) => p.aro === 'Group' || p.aroId !== userId),
  };
}

function toSearchFilters(filter: VaultFilter): SearchFilters | undefined {
  switch (filter.kind) {
    case 'all': return undefined;
    case 'favorites': return { favorites: true };
    case 'owned': return { ownedByMe: true };
    case 'shared-with-me': return { sharedWithMe: true };
    case 'group': return { groupId: filter.groupId };
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function sortRecords(records: ResourceRecord[], sort: 'username' | 'uri', direction: 'asc' | 'desc'): ResourceRecord[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...records].sort((a, b) => sign * collator.compare(a[sort] ?? '', b[sort] ?? '') || collator.compare(a.name, b.name));
}

/**
 * The server names who gets a copy of an edited secret; everyone it names must have access by the permissions last
 * synced (directly, or as a member of a group that has it), so an injected reader is refused, not encrypted for.
 */
function assertKnownReaders(vault: UnlockedVault, resource: ResourceRecord, userIds: readonly string[]): void {
  const known = new Set([vault.userId]);
  for (const p of resource.permissions) {
    if (p.aro === 'User') known.add(p.aroId);
    else for (const m of vault.groups.get(p.aroId)?.members ?? []) known.add(m.userId);
  }
  const unknown = userIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const names = unknown.map((id) => vault.users.get(id)?.username ?? 'someone unknown to this computer');
    throw new DomainError('CONFLICT',
      `The server says ${names.join(', ')} can read this item, which is not what Tessera last synced, so nothing was changed. ` +
      'Sync and check who has access before editing again.');
  }
}

function validateMetadata<T extends { name: string; username?: string | null; uri?: string | null; description?: string | null }>(m: T): T {
  const name = m.name.trim();
  if (!name) throw new DomainError('POLICY_VIOLATION', 'A name is required.');
  for (const field of ['name', 'username', 'uri', 'description'] as const) {
    const value = field === 'name' ? name : m[field];
    if (value && value.length > LIMITS[field]) throw new DomainError('POLICY_VIOLATION', `The ${field} can be at most ${LIMITS[field]} characters.`);
  }
  return { ...m, name };
}
