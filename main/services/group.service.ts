// Groups. Adding members uses the dry-run flow: the server lists the secrets the
// new members need and returns our own rows for those resources; on the worker pool we decrypt ours, require a valid
// signature by a member of the organisation, and re-wrap each one's session key and encrypted data for the new
// member (who then verifies the original writer's signature), then send everything in the real update. Cancelling
// before that request leaves the server unchanged.
import { DomainError } from '../../common/ipc';
import type { GroupUserChange } from '../api/groups-api';
import type { OpenPgpService } from '../crypto/openpgp.service';
import { BulkItemError, type BulkOptions, type CryptoWorkerPool } from '../crypto/worker-pool';
import { recipientKey, resolveRecipients, type Recipient } from './recipients';
import { cancelledError, domainErrors } from './service-errors';
import type { SessionService } from './session.service';
import type { UnlockedVault } from './unlocked-vault';
import { toGroupRecord, type GroupRecord } from './vault-records';

export interface GroupSummary {
  id: string;
  name: string;
  memberCount: number;
  members: { userId: string; name: string; isManager: boolean }[];
  iAmManager: boolean;
}

export interface MembershipChanges {
  add?: { userId: string; isManager: boolean }[];
  remove?: string[];
  setManager?: { userId: string; isManager: boolean }[];
}

export interface MembershipResult {
  group: GroupSummary;
  /** Secrets encrypted for the new members. */
  secretsShared: number;
}

export class GroupService {
  constructor(
    private readonly session: SessionService,
    private readonly crypto: Pick<OpenPgpService, 'readKeyInfo'>,
    private readonly pool: Pick<CryptoWorkerPool, 'reencryptForMany'>,
  ) {}

  list(): GroupSummary[] {
    const vault = this.session.current();
    return [...vault.groups.values()].map((g) => this.summarize(vault, g)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Admins create groups; at least one manager is required. */
  async create(name: string, members: { userId: string; isManager: boolean }[]): Promise<GroupSummary> {
    const vault = this.session.requireOnline();
    const clean = validName(name);
    if (!members.some((m) => m.isManager)) throw new DomainError('POLICY_VIOLATION', 'A group needs at least one manager.');
    const dto = await domainErrors(() => vault.api.groups.create(clean, members.map((m) => ({ user_id: m.userId, is_admin: m.isManager }))));
    return this.remember(vault, toGroupRecord(dto.groups_users ? dto : { ...dto, groups_users: [] }));
  }

  /** Only administrators can rename a group. */
  async rename(groupId: string, name: string): Promise<GroupSummary> {
    const vault = this.session.requireOnline();
    const dto = await domainErrors(() => vault.api.groups.update(groupId, { name: validName(name) }));
    return this.remember(vault, await this.fresh(vault, groupId, dto.groups_users ? toGroupRecord(dto) : undefined));
  }

  async updateMembers(groupId: string, changes: MembershipChanges, options: BulkOptions = {}): Promise<MembershipResult> {
    const vault = this.session.requireOnline();
    const group = await this.fresh(vault, groupId);
    const byUser = new Map(group.members.map((m) => [m.userId, m]));
    const groupsUsers: GroupUserChange[] = [];
    for (const add of changes.add ?? []) {
      if (byUser.has(add.userId)) throw new DomainError('CONFLICT', `${this.name(vault, add.userId)} is already a member.`);
      groupsUsers.push({ user_id: add.userId, is_admin: add.isManager });
    }
    for (const userId of changes.remove ?? []) {
      const member = byUser.get(userId);
      if (!member) throw new DomainError('NOT_FOUND', `${this.name(vault, userId)} is not a member.`);
      groupsUsers.push({ id: member.id, delete: true });
    }
    for (const role of changes.setManager ?? []) {
      const member = byUser.get(role.userId);
      if (!member) throw new DomainError('NOT_FOUND', `${this.name(vault, role.userId)} is not a member.`);
      groupsUsers.push({ id: member.id, is_admin: role.isManager });
    }
    if (groupsUsers.length === 0) return { group: this.summarize(vault, group), secretsShared: 0 };

    let secrets: { resource_id: string; user_id: string; data: string }[] = [];
    if ((changes.add ?? []).length > 0) {
      secrets = await this.secretsForNewMembers(vault, groupId, groupsUsers, options);
    }
    if (options.signal?.aborted) throw cancelledError();
    const dto = await domainErrors(() => vault.api.groups.update(groupId, { groups_users: groupsUsers, secrets }));
    const updated = await this.fresh(vault, groupId, dto.groups_users ? toGroupRecord(dto) : undefined);
    return { group: this.remember(vault, updated), secretsShared: secrets.length };
  }

  /** Deletes a group; the server refuses (400) when the group is the sole owner of resources. */
  async delete(groupId: string): Promise<void> {
    const vault = this.session.requireOnline();
    await domainErrors(() => vault.api.groups.deleteDryRun(groupId));
    await domainErrors(() => vault.api.groups.delete(groupId));
    vault.removeGroup(groupId);
  }

  private async secretsForNewMembers(
    vault: UnlockedVault, groupId: string, groupsUsers: GroupUserChange[], options: BulkOptions,
  ): Promise<{ resource_id: string; user_id: string; data: string }[]> {
    const dry = await domainErrors(() => vault.api.groups.updateDryRun(groupId, { groups_users: groupsUsers }, options.signal));
    if (dry.neededSecrets.length === 0) return [];
    const own = new Map(dry.secrets.filter((s) => s.user_id === vault.userId).map((s) => [s.resource_id, s.data]));
    const newUserIds = [...new Set(dry.neededSecrets.map((n) => n.user_id))];
    // Only the people being added may need copies; anyone else the server names would be an injected reader.
    const adding = groupsUsers.flatMap((g) => ('user_id' in g ? [g.user_id] : []));
    if (newUserIds.some((id) => !adding.includes(id))) {
      throw new DomainError('BAD_RESPONSE', 'The server asked for copies of secrets for people you are not adding to this group, so nothing was changed.');
    }
    const missing = newUserIds.filter((id) => !vault.users.get(id)?.armoredKey);
    const serverUsers = missing.length === 0 ? [] : (await domainErrors(() => vault.api.users.gpgkeys()))
      .filter((k) => missing.includes(k.user_id))
      .map((k) => ({ id: k.user_id, username: vault.users.get(k.user_id)?.username ?? k.user_id, gpgkey: k }));
    const recipients = new Map((await resolveRecipients(vault, this.crypto, newUserIds, serverUsers, { chosen: adding }))
      .map((r) => [r.userId, r]));
    // One item per resource: our own secret, and the new members who need it.
    const byResource = new Map<string, { armoredMessage: string; userIds: string[] }>();
    for (const n of dry.neededSecrets) {
      const data = own.get(n.resource_id);
      if (data === undefined) throw new DomainError('SERVER_REJECTED', 'The server asked for a secret of a resource it did not send us.');
      const item = byResource.get(n.resource_id) ?? { armoredMessage: data, userIds: [] };
      item.userIds.push(n.user_id);
      byResource.set(n.resource_id, item);
    }
    const entries = [...byResource.entries()];
    // Our copies must carry a valid signature by a member of the organisation: a secret the server forged or
    // altered is refused, never passed on to the new member.
    const ring = await vault.verificationRing();
    const wrapped = await signedSourcesOnly(entries, () => domainErrors(() => this.pool.reencryptForMany(
      entries.map(([, item]) => ({
        armoredMessage: item.armoredMessage,
        recipientArmoredKeys: item.userIds.map((id) => recipientKey(recipients.get(id) as Recipient)),
      })),
      vault.key, { ...options, verificationKeys: ring },
    )));
    return entries.flatMap(([resourceId, item], i) => item.userIds.map((userId, j) => ({
      resource_id: resourceId, user_id: userId, data: (wrapped[i] as string[])[j] as string,
    })));
  }

  /** The group as the server has it now (members with their membership ids). */
  private async fresh(vault: UnlockedVault, groupId: string, known?: GroupRecord): Promise<GroupRecord> {
    if (known) return known;
    return toGroupRecord(await domainErrors(() => vault.api.groups.get(groupId, { contain: { groups_users: true } })));
  }

  private remember(vault: UnlockedVault, group: GroupRecord): GroupSummary {
    vault.putGroup(group);
    return this.summarize(vault, group);
  }

  private summarize(vault: UnlockedVault, g: GroupRecord): GroupSummary {
    return {
      id: g.id, name: g.name, memberCount: g.members.length,
      members: g.members.map((m) => ({ userId: m.userId, name: this.name(vault, m.userId), isManager: m.isAdmin })),
      iAmManager: g.members.some((m) => m.userId === vault.userId && m.isAdmin),
    };
  }

  private name(vault: UnlockedVault, userId: string): string {
    const u = vault.users.get(userId);
    return u ? (`${u.firstName} ${u.lastName}`.trim() || u.username) : userId;
  }
}

function validName(name: string): string {
  const clean = name.trim();
  if (!clean || clean.length > 255) throw new DomainError('POLICY_VIOLATION', 'A group name must have 1 to 255 characters.');
  return clean;
}

/** Turns a refused source signature into a message naming the resource; nothing has been sent to the server yet. */
async function signedSourcesOnly<T>(entries: readonly [string, unknown][], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BulkItemError && error.reasonName === 'SignatureError') {
      throw new DomainError('SERVER_REJECTED', `Your copy of the secret of resource ${entries[error.index]?.[0] ?? '?'} is not validly signed by a member `
        + 'of your organisation (it may have been tampered with), so it was not shared; nothing was changed.');
    }
    throw error;
  }
}
