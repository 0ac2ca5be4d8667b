// Changing users: create (with the invitation mail), update, disable, delete with ownership transfer, and the
// "recover my account" request.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { UserDto } from '../../common/api/user';
import type { Database, UsersTable } from '../storage/schema';
import type { AuthUser } from '../http/auth-guard';
import { isoTimestamp, nowIso, type Clock } from '../util/clock';
import { ApiError, BadRequestError, ForbiddenError, NotFoundError } from '../http/errors';
import { parseBody, zUuid } from '../http/validation';
import type { MailQueue } from '../mail/mail-queue';
import { invitationMail, recoverMail } from '../mail/templates';
import { recoverLink, setupLink, type UserRegistrationService } from './user-registration.service';
import type { SetupService } from './setup.service';
import { bareUserDto, chunks, type UserDtoBuilder } from './user-dto';
import { lockAccessWrites } from './access.service';
import type { Dialect } from '../storage/database';

const name = (what: string) => z.string({ error: `The ${what} is required.` }).trim()
  .min(1, { error: `The ${what} should not be empty.` }).max(255, { error: `The ${what} should be at most 255 characters.` });

export const usernameSchema = z.string({ error: 'The username is required.' }).max(255, { error: 'The username is too long.' })
  .pipe(z.email({ error: 'The username should be a valid email address.' }));

const createSchema = z.object({
  username: usernameSchema,
  role_id: zUuid('The role identifier should be a valid UUID.').optional(),
  profile: z.object({ first_name: name('first name'), last_name: name('last name') }),
});

const updateSchema = z.object({
  role_id: zUuid('The role identifier should be a valid UUID.').optional(),
  disabled: z.union([z.null(), z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)),
    { error: 'The disabled date should be a valid date.', params: { rule: 'dateTime' } })]).optional(),
  profile: z.object({ first_name: name('first name').optional(), last_name: name('last name').optional() }).optional(),
});

const transferSchema = z.object({
  transfer: z.object({
    owners: z.array(z.object({ id: zUuid(), aco_foreign_key: zUuid() })).max(10_000).optional(),
    managers: z.array(z.object({ id: zUuid(), group_id: zUuid() })).max(10_000).optional(),
  }).optional(),
});

export interface SoleOwnership {
  resources: { id: string; name: string }[];
  groups: { id: string; name: string }[];
}

export class UserAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly dto: UserDtoBuilder,
    private readonly registration: UserRegistrationService,
    private readonly setup: SetupService,
    private readonly mail: MailQueue,
    private readonly publicUrl: () => string,
    private readonly dialect: Dialect,
  ) {}

  private async row(userId: string): Promise<Selectable<UsersTable>> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', userId).where('deleted', '=', 0).executeTakeFirst();
    if (!row) throw new NotFoundError('The user does not exist.');
    return row;
  }

  private async roleName(roleId: string): Promise<string> {
    const role = await this.db.selectFrom('roles').select('name').where('id', '=', roleId).executeTakeFirst();
    if (!role || role.name === 'guest') {
      throw new ApiError(400, 'Could not validate user data.', { role_id: { isValidRole: 'The role does not exist.' } });
    }
    return role.name;
  }

  private async displayName(userId: string): Promise<string | null> {
    const p = await this.db.selectFrom('profiles').select(['first_name', 'last_name']).where('user_id', '=', userId).executeTakeFirst();
    return p ? `${p.first_name} ${p.last_name}` : null;
  }

  async create(body: unknown, admin: AuthUser): Promise<UserDto> {
    const input = parseBody(createSchema, body, 'Could not validate user data.');
    const role = input.role_id ? await this.roleName(input.role_id) : 'user';
    const { userId, token } = await this.registration.register({
      username: input.username, firstName: input.profile.first_name, lastName: input.profile.last_name,
      role: role === 'admin' ? 'admin' : 'user',
    });
    await this.mail.enqueue(invitationMail({
      to: input.username, firstName: input.profile.first_name, invitedBy: await this.displayName(admin.id),
      setupUrl: setupLink(this.publicUrl(), userId, token),
    }));
    return this.dto.buildOne(await this.row(userId));
  }

  async update(userId: string, body: unknown, actor: AuthUser): Promise<UserDto> {
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const keys = Object.keys(body);
      if (keys.includes('gpgkey') || keys.includes('groups_user') || keys.includes('groups_users')) {
        throw new BadRequestError('Updating the OpenPGP key or the group memberships is not allowed here.');
      }
    }
    const input = parseBody(updateSchema, body, 'Could not validate user data.');
    const isAdmin = actor.roleName === 'admin';
    if (!isAdmin && actor.id !== userId) throw new ForbiddenError('You are not authorized to update this user.');
    const user = await this.row(userId);
    if (!isAdmin && (input.role_id !== undefined || input.disabled !== undefined)) {
      throw new ForbiddenError('Only administrators can change the role or disable a user.');
    }
    if (input.role_id !== undefined && input.role_id !== user.role_id) {
      await this.roleName(input.role_id);
      if (actor.id === userId) throw new BadRequestError('You cannot change your own role.');
    }
    const disabled = input.disabled === undefined ? user.disabled
      : input.disabled === null ? null : isoTimestamp(Date.parse(input.disabled));
    if (disabled !== null && actor.id === userId) throw new BadRequestError('You cannot disable yourself.');
    const now = nowIso(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ role_id: input.role_id ?? user.role_id, disabled, modified: now })
        .where('id', '=', userId).execute();
      const profile = input.profile ?? {};
      if (profile.first_name !== undefined || profile.last_name !== undefined) {
        await trx.updateTable('profiles').set({
          ...(profile.first_name !== undefined ? { first_name: profile.first_name } : {}),
          ...(profile.last_name !== undefined ? { last_name: profile.last_name } : {}), modified: now,
        }).where('user_id', '=', userId).execute();
      }
      // A disabled user's sessions end now, not at the next refresh.
      if (disabled !== null && disabled <= now) await this.revokeSessions(trx, userId, now);
    });
    return this.dto.buildOne(await this.row(userId));
  }

  private async revokeSessions(trx: Transaction<Database>, userId: string, now: string): Promise<void> {
    await trx.updateTable('refresh_tokens').set({ active: 0, modified: now }).where('user_id', '=', userId)
      .where('active', '=', 1).execute();
  }

  /** Groups among `groupIds` that have a member other than `userId` (they survive the user's deletion). */
  private async groupsWithOthers(db: Kysely<Database>, groupIds: string[], userId: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(groupIds)])) {
      const rows = await db.selectFrom('groups_users').innerJoin('groups', 'groups.id', 'groups_users.group_id')
        .select('groups_users.group_id').where('groups_users.group_id', 'in', part).where('groups_users.user_id', '!=', userId)
        .where('groups.deleted', '=', 0).execute();
      for (const r of rows) out.add(r.group_id);
    }
    return out;
  }

  /**
   * Resources the user alone owns while others can read them, and groups the user alone manages while others
   * are members. An owner group counts as another owner only if someone else is in it.
   */
  async soleOwnership(userId: string, db: Kysely<Database> = this.db): Promise<SoleOwnership> {
    // Groups the user is alone in disappear with the user, and so do their permissions.
    const memberOf = (await db.selectFrom('groups_users').select('group_id').where('user_id', '=', userId).execute()).map((g) => g.group_id);
    const survivors = await this.groupsWithOthers(db, memberOf, userId);
    const ownerAros = [userId, ...memberOf.filter((g) => !survivors.has(g))];
    const ownedRows = await db.selectFrom('permissions').innerJoin('resources', 'resources.id', 'permissions.aco_foreign_key')
      .select(['resources.id', 'resources.name']).where('resources.deleted', '=', 0).where('permissions.type', '=', 15)
      .where('permissions.aro_foreign_key', 'in', ownerAros).execute();
    const owned = [...new Map(ownedRows.map((r) => [r.id, r])).values()];
    const resources: SoleOwnership['resources'] = [];
    for (const part of chunks(owned)) {
      const perms = await db.selectFrom('permissions').select(['aco_foreign_key', 'aro', 'aro_foreign_key', 'type'])
        .where('aco_foreign_key', 'in', part.map((r) => r.id)).execute();
      const living = await this.groupsWithOthers(db, perms.filter((p) => p.aro === 'Group').map((p) => p.aro_foreign_key), userId);
      for (const r of part) {
        const others = perms.filter((p) => p.aco_foreign_key === r.id && !(p.aro === 'User' && p.aro_foreign_key === userId))
          .filter((p) => p.aro === 'User' || living.has(p.aro_foreign_key));
        // Shared with nobody else: the resource simply goes away with its owner.
        if (others.length > 0 && !others.some((p) => p.type === 15)) resources.push({ id: r.id, name: r.name });
      }
    }
    const managed = await db.selectFrom('groups_users').innerJoin('groups', 'groups.id', 'groups_users.group_id')
      .select(['groups.id', 'groups.name']).where('groups_users.user_id', '=', userId).where('groups_users.is_admin', '=', 1)
      .where('groups.deleted', '=', 0).execute();
    const groups: SoleOwnership['groups'] = [];
    for (const g of managed) {
      const members = await db.selectFrom('groups_users').select(['user_id', 'is_admin']).where('group_id', '=', g.id).execute();
      const otherManager = members.some((m) => m.user_id !== userId && m.is_admin === 1);
      if (!otherManager && members.length > 1) groups.push({ id: g.id, name: g.name });
    }
    return { resources, groups };
  }

  private refuseIfSole(sole: SoleOwnership): void {
    if (sole.resources.length === 0 && sole.groups.length === 0) return;
    const errors: Record<string, unknown> = {};
    if (sole.resources.length > 0) errors.resources = { sole_owner: sole.resources };
    if (sole.groups.length > 0) errors.groups = { sole_manager: sole.groups };
    throw new ApiError(400, 'The user cannot be deleted. You need to transfer the ownership of the resources and groups first.', { errors });
  }

  private async deletable(userId: string, admin: AuthUser): Promise<Selectable<UsersTable>> {
    if (userId === admin.id) throw new BadRequestError('You are not allowed to delete yourself.');
    return this.row(userId);
  }

  async deleteDryRun(userId: string, admin: AuthUser): Promise<void> {
    await this.deletable(userId, admin);
    this.refuseIfSole(await this.soleOwnership(userId));
  }

  async delete(userId: string, body: unknown, admin: AuthUser): Promise<void> {
    const user = await this.deletable(userId, admin);
    const transfer = body === undefined ? {} : parseBody(transferSchema, body, 'Could not validate the transfer data.').transfer ?? {};
    const now = nowIso(this.clock);
    await this.db.transaction().execute(async (trx) => {
      // Deleting a user changes who can read what: serialise with shares and group edits.
      await lockAccessWrites(trx, this.dialect);
      for (const owner of transfer.owners ?? []) {
        const done = await trx.updateTable('permissions').set({ type: 15, modified: now }).where('id', '=', owner.id)
          .where('aco_foreign_key', '=', owner.aco_foreign_key)
          .where((eb) => eb.not(eb.and([eb('aro', '=', 'User'), eb('aro_foreign_key', '=', userId)]))).executeTakeFirst();
        if (done.numUpdatedRows !== 1n) throw new BadRequestError('The ownership transfer refers to a permission that does not exist.');
      }
      for (const manager of transfer.managers ?? []) {
        const done = await trx.updateTable('groups_users').set({ is_admin: 1 }).where('id', '=', manager.id)
          .where('group_id', '=', manager.group_id).where('user_id', '!=', userId).executeTakeFirst();
        if (done.numUpdatedRows !== 1n) throw new BadRequestError('The manager transfer refers to a membership that does not exist.');
      }
      this.refuseIfSole(await this.soleOwnership(userId, trx));
      await this.removeUser(trx, user, now);
    });
  }

  /**
   * Soft-deletes the user, the groups left without members, and the resources nobody can reach any more;
   * frees the username for a new account.
   */
  private async removeUser(trx: Transaction<Database>, user: Selectable<UsersTable>, now: string): Promise<void> {
    const memberOf = (await trx.selectFrom('groups_users').select('group_id').where('user_id', '=', user.id).execute()).map((g) => g.group_id);
    const surviving = await this.groupsWithOthers(trx, memberOf, user.id);
    const emptied = memberOf.filter((g) => !surviving.has(g));
    const aros = [user.id, ...emptied];
    const touched = new Set<string>();
    for (const part of chunks(aros)) {
      const rows = await trx.selectFrom('permissions').select('aco_foreign_key').where('aro_foreign_key', 'in', part).execute();
      for (const r of rows) touched.add(r.aco_foreign_key);
      await trx.deleteFrom('permissions').where('aro_foreign_key', 'in', part).execute();
    }
    if (emptied.length > 0) {
      for (const part of chunks(emptied)) {
        await trx.updateTable('groups').set({ deleted: 1, modified: now, modified_by: user.id }).where('id', 'in', part).execute();
      }
    }
    for (const part of chunks([...touched])) {
      const still = await trx.selectFrom('permissions').select('aco_foreign_key').where('aco_foreign_key', 'in', part).execute();
      const orphans = part.filter((id) => !still.some((s) => s.aco_foreign_key === id));
      if (orphans.length === 0) continue;
      await trx.updateTable('resources').set({ deleted: 1, modified: now, modified_by: user.id }).where('id', 'in', orphans).execute();
      await trx.deleteFrom('secrets').where('resource_id', 'in', orphans).execute();
      await trx.deleteFrom('favorites').where('foreign_key', 'in', orphans).execute();
    }
    await trx.deleteFrom('secrets').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('groups_users').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('favorites').where('user_id', '=', user.id).execute();
    await trx.updateTable('gpgkeys').set({ deleted: 1, modified: now }).where('user_id', '=', user.id).execute();
    await trx.updateTable('authentication_tokens').set({ active: 0, modified: now }).where('user_id', '=', user.id).execute();
    await this.revokeSessions(trx, user.id, now);
    await trx.updateTable('users').set({ deleted: 1, active: 0, modified: now, username: `${user.id}@deleted.invalid` })
      .where('id', '=', user.id).execute();
  }

  /**
   * `POST /users/recover.json`: mails a recover link to an active user, or a fresh setup link to one who never
   * finished setup. The caller answers the same whatever happened, so the endpoint reveals no accounts.
   */
  async requestRecovery(body: unknown): Promise<void> {
    const parsed = z.object({ username: usernameSchema }).safeParse(body);
    if (!parsed.success) return;
    const user = await this.byUsername(parsed.data.username);
    if (!user || (user.disabled !== null && user.disabled <= nowIso(this.clock))) return;
    await this.mailLink(user, null);
  }

  /**
   * `POST /users/recover.json` from an administrator, Passbolt's "resend invite": a fresh setup link, naming the
   * administrator, to a user who has not finished setup (a recover link to an active one). An administrator may
   * know who exists, so a user who is missing or disabled is an error here, not a silent success.
   */
  async resendByAdmin(body: unknown, admin: AuthUser): Promise<void> {
    const input = parseBody(z.object({ username: usernameSchema }), body, 'Please provide a valid email address.');
    const user = await this.byUsername(input.username);
    if (!user) throw new NotFoundError('This user does not exist or has been deleted.');
    if (user.disabled !== null && user.disabled <= nowIso(this.clock)) {
      throw new NotFoundError('This user has been disabled. Enable them before sending the invitation again.');
    }
    await this.mailLink(user, await this.displayName(admin.id));
  }

  private byUsername(username: string): Promise<Selectable<UsersTable> | undefined> {
    return this.db.selectFrom('users').selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase())).where('deleted', '=', 0)
      .executeTakeFirst();
  }

  /** A recover link to an active user, a new setup link (the invitation again) to one who never finished setup. */
  private async mailLink(user: Selectable<UsersTable>, invitedBy: string | null): Promise<void> {
    const profile = await this.db.selectFrom('profiles').select('first_name').where('user_id', '=', user.id).executeTakeFirst();
    const firstName = profile?.first_name ?? '';
    if (bareUserDto(user).active) {
      const token = await this.setup.createToken(user.id, 'recover');
      await this.mail.enqueue(recoverMail({ to: user.username, firstName, recoverUrl: recoverLink(this.publicUrl(), user.id, token) }));
    } else {
      const token = await this.setup.createToken(user.id, 'register');
      await this.mail.enqueue(invitationMail({ to: user.username, firstName, invitedBy, setupUrl: setupLink(this.publicUrl(), user.id, token) }));
    }
  }
}
