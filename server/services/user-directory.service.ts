// Reading users: the index with Passbolt's contains and filters, single users, and the has-access oracle.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { UserDto } from '../../common/api/user';
import type { ApiPagination } from '../../common/api/envelope';
import type { Database } from '../storage/schema';
import type { AuthUser } from '../http/auth-guard';
import { nowIso, type Clock } from '../util/clock';
import { NotFoundError } from '../http/errors';
import { pageWindow, type ListQuery, type ListQuerySpec } from '../http/query';
import type { UserContains, UserDtoBuilder } from './user-dto';

export const USER_INDEX_SPEC: ListQuerySpec = {
  contain: { profile: true, gpgkey: true, role: true, groups_users: true, last_logged_in: true, is_mfa_enabled: false,
    missing_metadata_key_ids: false, account_recovery_user_setting: false, pending_account_recovery_request: false },
  filters: { search: 'strings', 'has-groups': 'uuids', 'has-access': 'uuids', 'is-admin': 'bool', 'is-active': 'bool' },
  sortable: ['Users.username', 'Users.created', 'Users.modified', 'Users.last_logged_in', 'Profiles.first_name',
    'Profiles.last_name', 'Profile.first_name', 'Profile.last_name', 'Roles.name'],
  defaultSort: 'Users.username',
};

const SORT_COLUMNS: Record<string, string> = {
  'Users.username': 'users.username', 'Users.created': 'users.created', 'Users.modified': 'users.modified',
  'Users.last_logged_in': 'users.last_logged_in', 'Profiles.first_name': 'profiles.first_name',
  'Profiles.last_name': 'profiles.last_name', 'Profile.first_name': 'profiles.first_name',
  'Profile.last_name': 'profiles.last_name', 'Roles.name': 'roles.name',
};

function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type UserQuery = SelectQueryBuilder<Database, 'users' | 'profiles' | 'roles', object>;

export class UserDirectoryService {
  constructor(private readonly db: Kysely<Database>, private readonly clock: Clock, private readonly dto: UserDtoBuilder) {}

  /** Users `viewer` may see: admins see every user not deleted, others only active, enabled users. */
  private visible(viewer: AuthUser): UserQuery {
    let q = this.db.selectFrom('users').innerJoin('profiles', 'profiles.user_id', 'users.id')
      .innerJoin('roles', 'roles.id', 'users.role_id').where('users.deleted', '=', 0);
    if (viewer.roleName !== 'admin') {
      const now = nowIso(this.clock);
      q = q.where('users.active', '=', 1).where((eb) => eb.or([eb('users.disabled', 'is', null), eb('users.disabled', '>', now)]));
    }
    return q;
  }

  /** True when the user can reach the resource, directly or through one of their groups. */
  async hasAccess(userId: string, resourceId: string): Promise<boolean> {
    const row = await this.db.selectFrom('permissions').select('permissions.id')
      .innerJoin('resources', 'resources.id', 'permissions.aco_foreign_key')
      .where('permissions.aco_foreign_key', '=', resourceId).where('resources.deleted', '=', 0)
      .where((eb) => eb.or([
        eb.and([eb('permissions.aro', '=', 'User'), eb('permissions.aro_foreign_key', '=', userId)]),
        eb.and([eb('permissions.aro', '=', 'Group'), eb('permissions.aro_foreign_key', 'in',
          eb.selectFrom('groups_users').select('groups_users.group_id').where('groups_users.user_id', '=', userId))]),
      ])).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  private applyFilters(q: UserQuery, query: ListQuery, viewer: AuthUser): UserQuery {
    const f = query.filter;
    const search = Array.isArray(f.search) ? f.search.filter((s) => s.trim() !== '') : [];
    for (const term of search.slice(0, 5)) {
      const p = likePattern(term.slice(0, 255));
      q = q.where((eb) => eb.or([
        eb(sql`lower(users.username)`, 'like', sql`${p} escape '\\'`),
        eb(sql`lower(profiles.first_name)`, 'like', sql`${p} escape '\\'`),
        eb(sql`lower(profiles.last_name)`, 'like', sql`${p} escape '\\'`),
      ]));
    }
    if (Array.isArray(f['has-groups']) && f['has-groups'].length > 0) {
      const groups = f['has-groups'];
      q = q.where('users.id', 'in', this.db.selectFrom('groups_users').select('user_id').where('group_id', 'in', groups));
    }
    if (Array.isArray(f['has-access']) && f['has-access'].length > 0) {
      const resourceId = f['has-access'][0]!;
      q = q.where((eb) => eb.or([
        eb('users.id', 'in', eb.selectFrom('permissions').select('aro_foreign_key')
          .where('aco_foreign_key', '=', resourceId).where('aro', '=', 'User')),
        eb('users.id', 'in', eb.selectFrom('groups_users').select('groups_users.user_id')
          .innerJoin('permissions', 'permissions.aro_foreign_key', 'groups_users.group_id')
          .where('permissions.aco_foreign_key', '=', resourceId).where('permissions.aro', '=', 'Group')),
      ]));
    }
    if (typeof f['is-admin'] === 'boolean') q = q.where('roles.name', f['is-admin'] ? '=' : '!=', 'admin');
    if (typeof f['is-active'] === 'boolean' && viewer.roleName === 'admin') q = q.where('users.active', '=', f['is-active'] ? 1 : 0);
    return q;
  }

  async index(query: ListQuery, viewer: AuthUser): Promise<{ users: UserDto[]; pagination: ApiPagination }> {
    const access = query.filter['has-access'];
    // Who can read a resource is itself information about the resource: only for those who can read it too.
    if (Array.isArray(access) && access.length > 0 && !(await this.hasAccess(viewer.id, access[0]!))) {
      throw new NotFoundError('The resource does not exist.');
    }
    const filtered = this.applyFilters(this.visible(viewer), query, viewer);
    const total = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const column = SORT_COLUMNS[query.sort ?? 'Users.username'] ?? 'users.username';
    let rows = filtered.selectAll('users').orderBy(sql.ref(column), query.direction).orderBy('users.id');
    const { offset, limit } = pageWindow(query);
    if (limit !== null) rows = rows.limit(limit).offset(offset);
    const contains: UserContains = { profile: query.contain.profile ?? true, gpgkey: query.contain.gpgkey ?? true,
      role: query.contain.role ?? true, groups_users: query.contain.groups_users ?? true };
    const users = await this.dto.build(await rows.execute(), contains);
    return { users, pagination: { count: Number(total.n), page: query.page, limit: query.limit } };
  }

  async view(userId: string, viewer: AuthUser): Promise<UserDto> {
    const row = await this.visible(viewer).selectAll('users').where('users.id', '=', userId).executeTakeFirst();
    if (!row) throw new NotFoundError('The user does not exist.');
    return this.dto.buildOne(row);
  }
}
