// Sharing a resource (as the Passbolt extension's shareModel flow does): search users and groups,
// simulate the change to learn which users gain access, decrypt our own secret once (refused unless a member of the
// organisation signed it), sign and encrypt it once and wrap its session key for each added user on the worker pool
// (one single-recipient message each), then apply permissions and secrets in one request. Recipients whose key changed since
// first seen are refused. Cancelling before the final request leaves the server unchanged.
import { DomainError } from '../../common/ipc';
import { ApiHttpError } from '../api/api-errors';
import type { PermissionChange } from '../api/share-api';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { BulkOptions, CryptoWorkerPool } from '../crypto/worker-pool';
import type { KeyChange } from './key-trust.service';
import { recipientKey, resolveRecipients } from './recipients';
import { unsignedSourceError } from './resource-secrets';
import type { SecretService } from './secret.service';
import { cancelledError, domainErrors } from './service-errors';
import type { SessionService } from './session.service';
import type { UnlockedVault } from './unlocked-vault';
import { toResourceRecord, type PermissionType } from './vault-records';

export type ShareChange =
  | { action: 'add'; aro: 'User' | 'Group'; aroId: string; type: PermissionType }
  | { action: 'update'; permissionId: string; type: PermissionType }
  | { action: 'remove'; permissionId: string };

export interface AroMatch {
  kind: 'user' | 'group';
  id: string;
  name: string;
  username?: string;
  userCount?: number;
  /** Users only: the locally computed fingerprint, when known. */
  fingerprint?: string;
}

export interface PermissionView {
  permissionId: string;
  aro: 'User' | 'Group';
  aroId: string;
  name: string;
  type: PermissionType;
}

export interface ShareResult {
  addedUsers: number;
  removedUsers: number;
  /** False when the caller removed their own access (the resource left the vault). */
  stillVisible: boolean;
}

export class ShareService {
  constructor(
    private readonly session: SessionService,
    private readonly secrets: SecretService,
    private readonly crypto: Pick<OpenPgpService, 'readKeyInfo'>,
    private readonly pool: Pick<CryptoWorkerPool, 'encryptSharedForMany'>,
  ) {}

  async searchAros(search: string): Promise<AroMatch[]> {
    const vault = this.session.requireOnline();
    const aros = await domainErrors(() => vault.api.share.searchAros(search));
    return aros.map((aro): AroMatch => (aro.kind === 'user'
      ? {
        kind: 'user', id: aro.id, username: aro.username,
        name: `${aro.profile?.first_name ?? ''} ${aro.profile?.last_name ?? ''}`.trim() || aro.username,
        ...(vault.users.get(aro.id)?.fingerprint ? { fingerprint: vault.users.get(aro.id)?.fingerprint as string } : {}),
      }
      : { kind: 'group', id: aro.id, name: aro.name, ...(aro.user_count !== undefined ? { userCount: aro.user_count } : {}) }));
  }

  /** The resource's current permissions, fresh from the server. */
  async permissions(resourceId: string): Promise<PermissionView[]> {
    const vault = this.session.requireOnline();
    const perms = await domainErrors(() => vault.api.share.permissions(resourceId));
    return perms.map((p) => ({
      permissionId: p.id, aro: p.aro, aroId: p.aro_foreign_key, type: p.type,
      name: p.aro === 'Group'
        ? (p.group?.name ?? vault.groups.get(p.aro_foreign_key)?.name ?? 'Unknown group')
        : (p.user?.username ?? vault.users.get(p.aro_foreign_key)?.username ?? 'Unknown user'),
    }));
  }

  /** Users whose current key differs from the fingerprint pinned when first seen (sharing to them is refused). */
  pendingKeyChanges(): KeyChange[] {
    const vault = this.session.current();
    return [...vault.users.values()].flatMap((u) => {
      const pinned = vault.trust.userPin(u.id);
      return u.fingerprint && pinned && pinned !== u.fingerprint ? [{ userId: u.id, pinned, current: u.fingerprint }] : [];
    });
  }

  /**
   * Trusts a user's new key after the user compared `fingerprint` with its owner out of band. The fingerprint must be
   * the one Tessera has now, so a key that changed again in between is not trusted by accident.
   */
  acceptKeyChange(userId: string, fingerprint: string): void {
    const vault = this.session.current();
    const current = vault.users.get(userId)?.fingerprint;
    if (!current || current !== fingerprint.replace(/\s+/g, '').toUpperCase()) {
      throw new DomainError('CONFLICT', 'This is not the key Tessera has for this user now; sync and compare again.');
    }
    vault.trust.acceptUserKey(userId, current);
  }

  /** Which users would gain or lose access. */
  async simulate(resourceId: string, changes: readonly ShareChange[]): Promise<{ addedUserIds: string[]; removedUserIds: string[] }> {
    const vault = this.session.requireOnline();
    this.assertOwner(vault, resourceId);
    return domainErrors(() => vault.api.share.simulate(resourceId, toDtos(resourceId, changes)));
  }

  async apply(resourceId: string, changes: readonly ShareChange[], options: BulkOptions = {}): Promise<ShareResult> {
    const vault = this.session.requireOnline();
    this.assertOwner(vault, resourceId);
    if (changes.length === 0) return { addedUsers: 0, removedUsers: 0, stillVisible: true };
    const permissions = toDtos(resourceId, changes);
    const simulation = await domainErrors(() => vault.api.share.simulate(resourceId, permissions, options.signal));
    let secrets: { resource_id: string; user_id: string; data: string }[] = [];
    if (simulation.addedUserIds.length > 0) {
      const chosen = assertChosen(vault, changes, simulation.addedUserIds);
      const secret = await this.secrets.decrypt(resourceId);
      // Passing on a secret nobody in the organisation signed would launder a forgery into one signed by us.
      if (secret.signature !== 'valid') throw unsignedSourceError(secret.signature);
      const recipients = await this.recipients(vault, simulation.addedUserIds, chosen);
      const encrypted = await domainErrors(() => this.pool.encryptSharedForMany(
        secret.text, recipients.map(recipientKey), vault.key, options,
      ));
      secrets = recipients.map((r, i) => ({ resource_id: resourceId, user_id: r.userId, data: encrypted[i] as string }));
    }
    if (options.signal?.aborted) throw cancelledError();
    await domainErrors(() => vault.api.share.apply(resourceId, permissions, secrets));
    const stillVisible = await this.refresh(vault, resourceId);
    return { addedUsers: simulation.addedUserIds.length, removedUsers: simulation.removedUserIds.length, stillVisible };
  }

  private assertOwner(vault: UnlockedVault, resourceId: string): void {
    const r = vault.resources.get(resourceId);
    if (!r) throw new DomainError('NOT_FOUND', 'This item does not exist or is no longer shared with you.');
    if (r.permission !== 15) throw new DomainError('PERMISSION_DENIED', 'Only an owner of this item can change who has access.');
  }

  /** Keys of the users to encrypt for: the synced ones, refreshed from the server when some are missing. */
  private async recipients(vault: UnlockedVault, userIds: string[], chosen: readonly string[]) {
    const missing = userIds.filter((id) => !vault.users.get(id)?.armoredKey);
    const serverUsers = missing.length === 0 ? [] : (await domainErrors(() => vault.api.users.gpgkeys()))
      .filter((k) => missing.includes(k.user_id) && !k.deleted)
      .map((k) => ({ id: k.user_id, username: vault.users.get(k.user_id)?.username ?? k.user_id, gpgkey: k }));
    return resolveRecipients(vault, this.crypto, userIds, serverUsers, { chosen });
  }

  /** Re-reads the resource after a share; it is gone from the vault if we removed our own access. */
  private async refresh(vault: UnlockedVault, resourceId: string): Promise<boolean> {
    try {
      const dto = await vault.api.resources.get(resourceId, { contain: { permission: true, permissions: true, favorite: true } });
      vault.applyResources({ upserts: [toResourceRecord(dto)] });
      return true;
    } catch (error) {
      if (error instanceof ApiHttpError && error.status === 404) {
        vault.applyResources({ removals: [resourceId] });
        return false;
      }
      return true; // the share itself succeeded; the next sync picks the new permissions up

    }
  }
}

/**
 * The server's simulation decides who gets a copy of the secret, so it must not name anyone the change does not
 * explain: a person added, or a member (as last synced) of a group added. Returns the people added by name.
 */
function assertChosen(vault: UnlockedVault, changes: readonly ShareChange[], addedUserIds: readonly string[]): string[] {
  const people = changes.flatMap((c) => (c.action === 'add' && c.aro === 'User' ? [c.aroId] : []));
  const explained = new Set(people);
  for (const c of changes) {
    if (c.action === 'add' && c.aro === 'Group') for (const m of vault.groups.get(c.aroId)?.members ?? []) explained.add(m.userId);
  }
  const unexplained = addedUserIds.filter((id) => !explained.has(id));
  if (unexplained.length > 0) {
    const names = unexplained.map((id) => vault.users.get(id)?.username ?? 'someone unknown to this computer');
    throw new DomainError('CONFLICT',
      `The server says this change would also give access to people you did not choose (${names.join(', ')}), so nothing was shared. ` +
      'Sync and check who has access before trying again.');
  }
  return people;
}

function toDtos(resourceId: string, changes: readonly ShareChange[]): PermissionChange[] {
  return changes.map((c): PermissionChange => {
    switch (c.action) {
      case 'add': return { aro: c.aro, aro_foreign_key: c.aroId, aco: 'Resource', aco_foreign_key: resourceId, type: c.type };
      case 'update': return { id: c.permissionId, type: c.type };
      case 'remove': return { id: c.permissionId, delete: true };
    }
  });
}
