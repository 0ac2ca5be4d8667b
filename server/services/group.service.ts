// Groups: list, view, create (admins), update with the dry-run flow that tells a manager
// which secrets new members need, and delete with a dry run and ownership transfer. A group has no key of its
// own: membership means one secret row per member for every resource the group reaches, so adding a member
// must carry exactly the missing rows and removing one deletes the rows they can no longer read.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ValidationErrors } from '../../common/api/error';
import type { GroupDto, GroupUpdateDryRunResult } from '../../common/api/group';
import type { GroupUserDto } from '../../common/api/user';
import { ApiError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import type { ListQuerySpec } from '../http/query';
import { parseBody, zUuid } from '../http/validation';
import type { Dialect } from '../storage/database';
import { nowIso, type Clock } from '../util/clock';
import { AccessService, chunks, lockAccessWrites, PermissionType, type Db } from './access.service';
import { renderGroup, renderResource, renderSecret, type UserRenderer } from './resource-render';
import { ResourceService } from './resource.service';
import type { SecretIntakeService } from './secret-intake.service';
import { insertSecrets } from './secret-rows';
import { likeContains } from './share-search.service';

export const GROUP_CONTAINS = ['modifier', 'modifier.profile', 'my_group_user', 'groups_users', 'groups_users.user',
  'groups_users.user.profile', 'groups_users.user.gpgkey', 'user_count'] as const;

export const GROUP_INDEX_SPEC: ListQuerySpec = {
  contain: Object.fromEntries(GROUP_CONTAINS.map((c) => [c, false])),
  filters: { 'has-users': 'uuids', 'has-managers': 'uuids', search: 'strings' },
};
export const GROUP_VIEW_SPEC: ListQuerySpec = { contain: GROUP_INDEX_SPEC.contain };

const MESSAGE = 'Could not validate group data.';
const nameField = z.string({ error: 'The name should be a string.' }).min(1, { error: 'The name should not be empty.' })
  .max(255, { error: 'The name length should be maximum 255 characters.' });
const flag = z.union([z.boolean(), z.literal(1), z.literal(0)], { error: 'The value should be a boolean.' });
const asBool = (v: boolean | 0 | 1 | undefined) => v === true || v === 1;

const createSchema = z.object({
  name: nameField,
  groups_users: z.array(z.object({ user_id: zUuid('The user identifier should be a valid UUID.'), is_admin: flag.optional() },
    { error: 'The group user should be an object.' }), { error: 'The group users should be a list.' })
    .min(1, { error: 'A group manager should be provided.' }).max(10_000),
});

const changeSchema = z.object({
  id: zUuid('The group user identifier should be a valid UUID.').optional(),
  user_id: zUuid('The user identifier should be a valid UUID.').optional(),
  is_admin: flag.optional(),
  delete: flag.optional(),
}, { error: 'The group user change should be an object.' });

const secretSchema = z.object({
  resource_id: zUuid('The resource identifier should be a valid UUID.'),
  user_id: zUuid('The user identifier should be a valid UUID.'),
  data: z.unknown(),
}, { error: 'The secret should be an object.' });

const updateSchema = z.object({
  name: nameField.optional(),
  groups_users: z.array(changeSchema, { error: 'The group users should be a list.' }).max(10_000).optional(),
  secrets: z.array(secretSchema, { error: 'The secrets should be a list.' }).max(200_000).optional(),
});

const deleteSchema = z.object({
  transfer: z.object({
    owners: z.array(z.object({ id: zUuid('The permission identifier should be a valid UUID.'),
      aco_foreign_key: zUuid('The resource identifier should be a valid UUID.') })).max(100_000).optional(),
  }).optional(),
});

type Change = z.infer<typeof changeSchema>;
type Membership = { id: string; user_id: string; is_admin: number; created: string };

/** Told after membership changes commit; sends the membership mails. Failing never undoes the change. */
export interface GroupNotifier {
  membersChanged(event: { groupId: string; groupName: string; actorId: string; added: string[]; removed: string[];
    roleChanged: { userId: string; isManager: boolean }[] }): Promise<void>;
  groupDeleted(event: { groupName: string; actorId: string; members: string[] }): Promise<void>;
}

interface MembershipPlan {
  adds: { user_id: string; is_admin: number }[];
  roleChanges: Map<string, number>;
  removals: Set<string>;
  after: Membership[];
  addedUsers: string[];
  removedUsers: string[];
  /** Members whose manager flag actually changes. */
  roleChanged: { userId: string; isManager: boolean }[];
  /** (resource, user) pairs the added members need a secret for. */
  needed: { resource_id: string; user_id: string }[];
}

export class GroupService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly access: AccessService,
    private readonly secrets: SecretIntakeService,
    private readonly users: UserRenderer,
    private readonly clock: Clock,
    private readonly notifier: GroupNotifier | null = null,
  ) {}

  // ---- reads ----------------------------------------------------------------------------------------------

  async index(callerId: string, contain: Record<string, boolean>, filter: Record<string, unknown>): Promise<GroupDto[]> {
    let query = this.db.selectFrom('groups').selectAll().where('deleted', '=', 0);
    const hasUsers = filter['has-users'];
    if (Array.isArray(hasUsers) && hasUsers.length > 0) {
      query = query.where('id', 'in', (eb) => eb.selectFrom('groups_users').select('group_id').where('user_id', 'in', hasUsers as string[]));
    }
    const hasManagers = filter['has-managers'];
    if (Array.isArray(hasManagers) && hasManagers.length > 0) {
      query = query.where('id', 'in', (eb) => eb.selectFrom('groups_users').select('group_id')
        .where('user_id', 'in', hasManagers as string[]).where('is_admin', '=', 1));
    }
    const search = filter.search;
    if (Array.isArray(search) && typeof search[0] === 'string' && search[0] !== '') {
      query = query.where(likeContains('name', search[0]));
    }
    const rows = await query.orderBy('name', 'asc').orderBy('id', 'asc').execute();
    return this.decorate(callerId, rows.map(renderGroup), contain);
  }

  async view(callerId: string, groupId: string, contain: Record<string, boolean>): Promise<GroupDto> {
    const row = await this.db.selectFrom('groups').selectAll().where('id', '=', groupId).where('deleted', '=', 0).executeTakeFirst();
    if (!row) throw new NotFoundError('The group does not exist.');
    return (await this.decorate(callerId, [renderGroup(row)], contain))[0]!;
  }

  private async decorate(callerId: string, groups: GroupDto[], contain: Record<string, boolean>): Promise<GroupDto[]> {
    if (groups.length === 0) return groups;
    const ids = groups.map((g) => g.id);
    const wantMembers = contain.groups_users || contain['groups_users.user'] || contain['groups_users.user.profile']
      || contain['groups_users.user.gpgkey'] || contain.my_group_user || contain.user_count;
    const members = new Map<string, GroupUserDto[]>();
    if (wantMembers) {
      for (const part of chunks(ids)) {
        const rows = await this.db.selectFrom('groups_users as gu').innerJoin('users as u', 'u.id', 'gu.user_id')
          .select(['gu.id', 'gu.group_id', 'gu.user_id', 'gu.is_admin', 'gu.created'])
          .where('gu.group_id', 'in', part).where('u.deleted', '=', 0).orderBy('gu.created', 'asc').orderBy('gu.id', 'asc').execute();
        for (const r of rows) {
          const list = members.get(r.group_id) ?? [];
          list.push({ id: r.id, group_id: r.group_id, user_id: r.user_id, is_admin: r.is_admin === 1, created: r.created });
          members.set(r.group_id, list);
        }
      }
    }
    const withUser = contain['groups_users.user'] || contain['groups_users.user.profile'] || contain['groups_users.user.gpgkey'];
    const memberUsers = withUser
      ? await this.users.render([...members.values()].flat().map((m) => m.user_id),
        { profile: !!contain['groups_users.user.profile'], gpgkey: !!contain['groups_users.user.gpgkey'] })
      : new Map();
    const wantModifier = contain.modifier || contain['modifier.profile'];
    const modifiers = wantModifier
      ? await this.users.render(groups.map((g) => g.modified_by), { profile: !!contain['modifier.profile'] })
      : new Map();
    for (const g of groups) {
      const list = members.get(g.id) ?? [];
      if (contain.groups_users || withUser) {
        g.groups_users = list.map((m) => (withUser && memberUsers.has(m.user_id) ? { ...m, user: memberUsers.get(m.user_id) } : { ...m }));
      }
      if (contain.my_group_user) g.my_group_user = list.find((m) => m.user_id === callerId) ?? null;
      if (contain.user_count) g.user_count = list.length;
      if (wantModifier && modifiers.has(g.modified_by)) g.modifier = modifiers.get(g.modified_by);
    }
    return groups;
  }

  // ---- create ---------------------------------------------------------------------------------------------

  private async assertNameFree(name: string, exceptId: string | null, q: Db): Promise<void> {
    let query = q.selectFrom('groups').select('id').where('name', '=', name).where('deleted', '=', 0);
    if (exceptId) query = query.where('id', '!=', exceptId);
    if (await query.executeTakeFirst()) throw new ValidationError({ name: { group_unique: 'The name is already used by another group.' } }, MESSAGE);
  }

  /** Users that may join a group: active, not deleted, not disabled. */
  private async joinableUsers(userIds: readonly string[], q: Db): Promise<Set<string>> {
    const now = nowIso(this.clock);
    const out = new Set<string>();
    for (const part of chunks([...new Set(userIds)])) {
      const rows = await q.selectFrom('users').select(['id', 'disabled']).where('id', 'in', part)
        .where('active', '=', 1).where('deleted', '=', 0).execute();
      for (const r of rows) if (r.disabled === null || r.disabled > now) out.add(r.id);
    }
    return out;
  }

  async create(callerId: string, body: unknown): Promise<GroupDto> {
    const input = parseBody(createSchema, body, MESSAGE);
    const errors: ValidationErrors = {};
    const joinable = await this.joinableUsers(input.groups_users.map((m) => m.user_id), this.db);
    const seen = new Set<string>();
    input.groups_users.forEach((m, i) => {
      if (!joinable.has(m.user_id)) errors[String(i)] = { user_id: { user_exists: 'Cannot find the user.' } };
      else if (seen.has(m.user_id)) errors[String(i)] = { user_id: { group_user_unique: 'The user is already a member of the group.' } };
      seen.add(m.user_id);
    });
    if (Object.keys(errors).length > 0) throw new ValidationError({ groups_users: errors }, MESSAGE);
    if (!input.groups_users.some((m) => asBool(m.is_admin))) {
      throw new ValidationError({ groups_users: { at_least_one_group_manager: 'A group manager should be provided.' } }, MESSAGE);
    }
    const id = randomUUID();
    const now = nowIso(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await lockAccessWrites(trx, this.dialect);
      await this.assertNameFree(input.name, null, trx);
      await trx.insertInto('groups').values({ id, name: input.name, deleted: 0, created: now, modified: now, created_by: callerId, modified_by: callerId }).execute();
      for (const part of chunks(input.groups_users)) {
        await trx.insertInto('groups_users').values(part.map((m) => ({
          id: randomUUID(), group_id: id, user_id: m.user_id, is_admin: asBool(m.is_admin) ? 1 : 0, created: now,
        }))).execute();
      }
    });
    // Members of a new group are soon sent secrets (when something is shared with the group): read their keys now.
    this.secrets.warm(input.groups_users.map((m) => m.user_id), this.db);
    await this.notifier?.membersChanged({ groupId: id, groupName: input.name, actorId: callerId,
      added: input.groups_users.map((m) => m.user_id).filter((u) => u !== callerId), removed: [], roleChanged: [] });
    return this.view(callerId, id, { groups_users: true, 'groups_users.user.profile': true });
  }

  // ---- update ---------------------------------------------------------------------------------------------

  /** 404 for a missing group, 403 unless the caller manages it or is an admin. */
  private async authorize(callerId: string, isAdmin: boolean, groupId: string, q: Db): Promise<{ name: string; isManager: boolean }> {
    const group = await q.selectFrom('groups').select(['id', 'name']).where('id', '=', groupId).where('deleted', '=', 0).executeTakeFirst();
    if (!group) throw new NotFoundError('The group does not exist.');
    const me = await q.selectFrom('groups_users').select('is_admin').where('group_id', '=', groupId).where('user_id', '=', callerId).executeTakeFirst();
    const isManager = me?.is_admin === 1;
    if (!isManager && !isAdmin) throw new ForbiddenError('You are not authorized to access that location.');
    return { name: group.name, isManager };
  }

  /** Validates the membership changes against the current members and works out the secrets they need. */
  private async planMembership(groupId: string, changes: Change[], isManager: boolean, q: Db): Promise<MembershipPlan> {
    // Only managers add members; for anyone else (an admin) additions are dropped, as Passbolt does.
    const kept = changes.map((c, i) => ({ c, i })).filter(({ c }) => isManager || c.id !== undefined);
    const current = await q.selectFrom('groups_users as gu').innerJoin('users as u', 'u.id', 'gu.user_id')
      .select(['gu.id', 'gu.user_id', 'gu.is_admin', 'gu.created']).where('gu.group_id', '=', groupId).where('u.deleted', '=', 0).execute();
    const byId = new Map(current.map((m) => [m.id, m]));
    const memberIds = new Set(current.map((m) => m.user_id));
    const joinable = await this.joinableUsers(kept.filter(({ c }) => c.id === undefined && c.user_id).map(({ c }) => c.user_id!), q);
    const errors: ValidationErrors = {};
    const err = (i: number, field: string, rule: string, message: string) => { errors[String(i)] = { [field]: { [rule]: message } }; };
    const adds: MembershipPlan['adds'] = [];
    const roleChanges = new Map<string, number>();
    const removals = new Set<string>();
    const touched = new Set<string>();
    for (const { c, i } of kept) {
      if (c.id !== undefined) {
        if (!byId.has(c.id)) { err(i, 'id', 'exists', 'The group user does not exist.'); continue; }
        if (touched.has(c.id)) { err(i, 'id', 'isUnique', 'A group user can be changed only once per request.'); continue; }
        touched.add(c.id);
        if (asBool(c.delete)) removals.add(c.id);
        else if (c.is_admin === undefined) err(i, 'is_admin', '_required', 'The group manager flag is required.');
        else roleChanges.set(c.id, asBool(c.is_admin) ? 1 : 0);
        continue;
      }
      if (c.user_id === undefined) { err(i, 'user_id', '_required', 'The user identifier is required.'); continue; }
      if (!joinable.has(c.user_id)) { err(i, 'user_id', 'user_exists', 'Cannot find the user.'); continue; }
      if (memberIds.has(c.user_id)) { err(i, 'user_id', 'group_user_unique', 'The user is already a member of the group.'); continue; }
      memberIds.add(c.user_id);
      adds.push({ user_id: c.user_id, is_admin: asBool(c.is_admin) ? 1 : 0 });
    }
    if (Object.keys(errors).length > 0) throw new ValidationError({ groups_users: errors }, MESSAGE);
    const after: Membership[] = [
      ...current.filter((m) => !removals.has(m.id)).map((m) => ({ ...m, is_admin: roleChanges.get(m.id) ?? m.is_admin })),
      ...adds.map((a) => ({ id: '', user_id: a.user_id, is_admin: a.is_admin, created: '' })),
    ];
    if (!after.some((m) => m.is_admin === 1)) {
      throw new ValidationError({ groups_users: { at_least_one_group_manager: 'A group manager should be provided.' } }, MESSAGE);
    }
    const addedUsers = adds.map((a) => a.user_id);
    const removedUsers = current.filter((m) => removals.has(m.id)).map((m) => m.user_id);
    const roleChanged = current.filter((m) => !removals.has(m.id) && roleChanges.has(m.id) && roleChanges.get(m.id) !== m.is_admin)
      .map((m) => ({ userId: m.user_id, isManager: roleChanges.get(m.id) === 1 }));
    const needed: MembershipPlan['needed'] = [];
    if (addedUsers.length > 0) {
      const reachable = await this.access.resourcesOfGroup(groupId, q);
      for (const userId of addedUsers) {
        const readable = await this.access.readableBy(userId, reachable, q);
        for (const resourceId of reachable) if (!readable.has(resourceId)) needed.push({ resource_id: resourceId, user_id: userId });
      }
    }
    return { adds, roleChanges, removals, after, addedUsers, removedUsers, roleChanged, needed };
  }

  async dryRun(callerId: string, isAdmin: boolean, groupId: string, body: unknown): Promise<GroupUpdateDryRunResult> {
    const input = parseBody(updateSchema, body ?? {}, MESSAGE);
    const { isManager } = await this.authorize(callerId, isAdmin, groupId, this.db);
    const plan = await this.planMembership(groupId, input.groups_users ?? [], isManager, this.db);
    this.secrets.warm(plan.addedUsers, this.db);
    const resourceIds = [...new Set(plan.needed.map((n) => n.resource_id))];
    const own = [];
    for (const part of chunks(resourceIds)) {
      own.push(...await this.db.selectFrom('secrets').selectAll().where('user_id', '=', callerId).where('resource_id', 'in', part).execute());
    }
    return { 'dry-run': {
      SecretsNeeded: plan.needed.map((n) => ({ Secret: n })),
      Secrets: own.map((s) => ({ Secret: [renderSecret(s)] })),
    } };
  }

  async update(callerId: string, isAdmin: boolean, groupId: string, body: unknown): Promise<GroupDto> {
    const input = parseBody(updateSchema, body, MESSAGE);
    await this.authorize(callerId, isAdmin, groupId, this.db);
    // Key ids are read (and parsed if new) before the transaction, so no key parsing happens under the lock.
    await this.secrets.encryptionKeyIds((input.secrets ?? []).map((s) => s.user_id), this.db);
    const outcome = await this.db.transaction().execute(async (trx) => {
      await lockAccessWrites(trx, this.dialect);
      const { name, isManager } = await this.authorize(callerId, isAdmin, groupId, trx);
      // Only admins rename; a manager's name is ignored, as Passbolt does.
      const rename = isAdmin && input.name !== undefined && input.name !== name ? input.name : null;
      if (rename !== null) await this.assertNameFree(rename, groupId, trx);
      const plan = await this.planMembership(groupId, input.groups_users ?? [], isManager, trx);
      const secrets = input.secrets ?? [];
      await this.checkNeededSecrets(plan.needed, secrets, trx);
      await this.applyMembership(callerId, groupId, plan, secrets, trx);
      const now = nowIso(this.clock);
      await trx.updateTable('groups').set({ ...(rename !== null ? { name: rename } : {}), modified: now, modified_by: callerId })
        .where('id', '=', groupId).execute();
      return { plan, name: rename ?? name };
    });
    const { plan } = outcome;
    const roleChanged = plan.roleChanged;
    if (plan.addedUsers.length + plan.removedUsers.length + roleChanged.length > 0) {
      await this.notifier?.membersChanged({ groupId, groupName: outcome.name, actorId: callerId, added: plan.addedUsers,
        removed: plan.removedUsers, roleChanged });
    }
    return this.view(callerId, groupId, { groups_users: true, 'groups_users.user.profile': true });
  }

  /** Exactly the needed (resource, user) secrets: none missing, none extra, none twice, each to the right key. */
  private async checkNeededSecrets(needed: MembershipPlan['needed'], secrets: z.infer<typeof secretSchema>[], q: Db): Promise<void> {
    const key = (r: string, u: string) => `${r}:${u}`;
    const wanted = new Set(needed.map((n) => key(n.resource_id, n.user_id)));
    const seen = new Set<string>();
    const errors: ValidationErrors = {};
    secrets.forEach((s, i) => {
      const k = key(s.resource_id, s.user_id);
      if (seen.has(k)) errors[String(i)] = { user_id: { isUnique: 'Only one secret per user and resource should be provided.' } };
      else if (!wanted.has(k)) errors[String(i)] = { resource_id: { isNeeded: 'No secret is needed for this user and resource.' } };
      seen.add(k);
    });
    if (Object.keys(errors).length > 0) throw new ValidationError({ secrets: errors }, MESSAGE);
    if (seen.size < wanted.size) {
      throw new ValidationError({ secrets: { secrets_provided: 'The secrets of all the resources the new members gain access to are required.' } }, MESSAGE);
    }
    const dataErrors = await this.secrets.check(secrets.map((s, i) => ({ index: i, userId: s.user_id, data: s.data })), q);
    if (dataErrors) throw new ValidationError({ secrets: dataErrors }, MESSAGE);
  }

  private async applyMembership(callerId: string, groupId: string, plan: MembershipPlan, secrets: z.infer<typeof secretSchema>[], trx: Db): Promise<void> {
    const now = nowIso(this.clock);
    for (const part of chunks(plan.adds)) {
      await trx.insertInto('groups_users').values(part.map((a) => ({
        id: randomUUID(), group_id: groupId, user_id: a.user_id, is_admin: a.is_admin, created: now,
      }))).execute();
    }
    for (const [id, isAdminFlag] of plan.roleChanges) {
      await trx.updateTable('groups_users').set({ is_admin: isAdminFlag }).where('id', '=', id).execute();
    }
    for (const part of chunks([...plan.removals])) await trx.deleteFrom('groups_users').where('id', 'in', part).execute();
    await insertSecrets(trx, this.dialect, secrets.map((s) => ({ userId: s.user_id, resourceId: s.resource_id, data: s.data as string })),
      callerId, now);
    if (plan.removedUsers.length > 0) {
      await this.dropLostAccess(plan.removedUsers, await this.access.resourcesOfGroup(groupId, trx), trx);
    }
  }

  /** Deletes the secrets and favorites `users` kept on `resourceIds` although they can no longer read them. */
  private async dropLostAccess(users: readonly string[], resourceIds: readonly string[], trx: Db): Promise<void> {
    for (const userId of users) {
      const still = await this.access.readableBy(userId, resourceIds, trx);
      const lost = resourceIds.filter((r) => !still.has(r));
      for (const part of chunks(lost)) {
        await trx.deleteFrom('secrets').where('user_id', '=', userId).where('resource_id', 'in', part).execute();
        await trx.deleteFrom('favorites').where('user_id', '=', userId).where('foreign_key', 'in', part).execute();
      }
    }
  }

  // ---- delete ---------------------------------------------------------------------------------------------

  /** Resources on which the group holds the only owner permission, with that resource's other permissions. */
  private async soleOwnedResources(groupId: string, q: Db) {
    const owned = await q.selectFrom('permissions as p').innerJoin('resources as r', 'r.id', 'p.aco_foreign_key')
      .select('p.aco_foreign_key').where('p.aro_foreign_key', '=', groupId).where('p.type', '=', PermissionType.OWNER)
      .where('r.deleted', '=', 0).execute();
    const ids = owned.map((o) => o.aco_foreign_key);
    const others = new Map<string, { id: string; type: number }[]>();
    for (const part of chunks(ids)) {
      const rows = await q.selectFrom('permissions').select(['id', 'aco_foreign_key', 'type'])
        .where('aco_foreign_key', 'in', part).where('aro_foreign_key', '!=', groupId).execute();
      for (const r of rows) {
        const list = others.get(r.aco_foreign_key) ?? [];
        list.push({ id: r.id, type: r.type });
        others.set(r.aco_foreign_key, list);
      }
    }
    return ids.filter((id) => !(others.get(id) ?? []).some((p) => p.type === PermissionType.OWNER))
      .map((id) => ({ resourceId: id, others: others.get(id) ?? [] }));
  }

  /** Checks the delete is possible with the given transfers; returns what to apply. */
  private async planDelete(groupId: string, transfers: { id: string; aco_foreign_key: string }[], q: Db) {
    const sole = await this.soleOwnedResources(groupId, q);
    const shared = sole.filter((s) => s.others.length > 0);
    const promote: string[] = [];
    const blocking: string[] = [];
    for (const s of shared) {
      const t = transfers.find((x) => x.aco_foreign_key === s.resourceId && s.others.some((o) => o.id === x.id));
      if (t) promote.push(t.id);
      else blocking.push(s.resourceId);
    }
    if (blocking.length > 0) {
      const rows = [];
      for (const part of chunks(blocking)) rows.push(...await q.selectFrom('resources').selectAll().where('id', 'in', part).execute());
      throw new ApiError(400, 'The group cannot be deleted. You need to transfer the ownership of the resources it solely owns.',
        { errors: { resources: { sole_owner: rows.map(renderResource) } } });
    }
    // Resources only this group could reach have nobody left to own them: they go with the group.
    const orphans = sole.filter((s) => s.others.length === 0).map((s) => s.resourceId);
    return { promote, orphans };
  }

  async deleteDryRun(callerId: string, isAdmin: boolean, groupId: string, body: unknown): Promise<void> {
    const input = parseBody(deleteSchema, body ?? {}, MESSAGE);
    await this.authorize(callerId, isAdmin, groupId, this.db);
    await this.planDelete(groupId, input.transfer?.owners ?? [], this.db);
  }

  async delete(callerId: string, isAdmin: boolean, groupId: string, body: unknown): Promise<void> {
    const input = parseBody(deleteSchema, body ?? {}, MESSAGE);
    await this.authorize(callerId, isAdmin, groupId, this.db);
    const outcome = await this.db.transaction().execute(async (trx) => {
      await lockAccessWrites(trx, this.dialect);
      const { name } = await this.authorize(callerId, isAdmin, groupId, trx);
      const plan = await this.planDelete(groupId, input.transfer?.owners ?? [], trx);
      const now = nowIso(this.clock);
      for (const part of chunks(plan.promote)) {
        await trx.updateTable('permissions').set({ type: PermissionType.OWNER, modified: now }).where('id', 'in', part).execute();
      }
      for (const resourceId of plan.orphans) await ResourceService.softDelete(resourceId, callerId, now, trx);
      const reachable = await this.access.resourcesOfGroup(groupId, trx);
      const members = (await trx.selectFrom('groups_users').select('user_id').where('group_id', '=', groupId).execute()).map((m) => m.user_id);
      await trx.deleteFrom('permissions').where('aro_foreign_key', '=', groupId).execute();
      await trx.deleteFrom('groups_users').where('group_id', '=', groupId).execute();
      await trx.updateTable('groups').set({ deleted: 1, modified: now, modified_by: callerId }).where('id', '=', groupId).execute();
      await this.dropLostAccess(members, reachable, trx);
      return { name, members };
    });
    await this.notifier?.groupDeleted({ groupName: outcome.name, actorId: callerId, members: outcome.members });
  }
}
