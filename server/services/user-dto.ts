// Turns user rows into the API's user objects (common/api/user.ts), loading the requested associations in bulk.
import type { Kysely, Selectable } from 'kysely';
import type { GpgkeyDto, GroupUserDto, ProfileDto, RoleDto, RoleName, UserDto } from '../../common/api/user';
import type { Database, GpgkeysTable, ProfilesTable, RolesTable, UsersTable } from '../storage/schema';

export interface UserContains {
  profile: boolean;
  gpgkey: boolean;
  role: boolean;
  groups_users: boolean;
}

export const ALL_USER_CONTAINS: UserContains = { profile: true, gpgkey: true, role: true, groups_users: true };

/** SQLite allows at most 32766 bound variables per statement; stay well below. */
const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function gpgkeyDto(row: Selectable<GpgkeysTable>): GpgkeyDto {
  return {
    id: row.id, user_id: row.user_id, fingerprint: row.fingerprint, armored_key: row.armored_key, deleted: row.deleted === 1,
    type: row.type, uid: row.uid, bits: row.bits, key_id: row.key_id, key_created: row.key_created, expires: row.expires,
    created: row.created, modified: row.modified,
  };
}

export function roleDto(row: Selectable<RolesTable>): RoleDto {
  return { id: row.id, name: row.name as RoleName, description: row.description, created: row.created, modified: row.modified };
}

export function profileDto(row: Selectable<ProfilesTable>, publicUrl: string): ProfileDto {
  return {
    id: row.id, user_id: row.user_id, first_name: row.first_name, last_name: row.last_name, created: row.created,
    modified: row.modified,
    // Tessera stores no avatars; Passbolt clients expect the default image URLs.
    avatar: { url: { medium: `${publicUrl}/img/avatar/user_medium.png`, small: `${publicUrl}/img/avatar/user.png` } },
  };
}

export function bareUserDto(row: Selectable<UsersTable>): UserDto {
  return {
    id: row.id, role_id: row.role_id, username: row.username, active: row.active === 1, deleted: row.deleted === 1,
    disabled: row.disabled, created: row.created, modified: row.modified, last_logged_in: row.last_logged_in,
    is_mfa_enabled: false, locale: row.locale, missing_metadata_key_ids: [],
  };
}

export class UserDtoBuilder {
  constructor(private readonly db: Kysely<Database>, private readonly publicUrl: () => string) {}

  async build(rows: Selectable<UsersTable>[], contains: UserContains): Promise<UserDto[]> {
    const ids = rows.map((r) => r.id);
    const profiles = new Map<string, ProfileDto>();
    const keys = new Map<string, GpgkeyDto>();
    const memberships = new Map<string, GroupUserDto[]>();
    let roles = new Map<string, RoleDto>();
    for (const part of chunks(ids)) {
      if (part.length === 0) continue;
      if (contains.profile) {
        const found = await this.db.selectFrom('profiles').selectAll().where('user_id', 'in', part).execute();
        for (const p of found) profiles.set(p.user_id, profileDto(p, this.publicUrl()));
      }
      if (contains.gpgkey) {
        const found = await this.db.selectFrom('gpgkeys').selectAll().where('user_id', 'in', part).where('deleted', '=', 0).execute();
        for (const k of found) keys.set(k.user_id, gpgkeyDto(k));
      }
      if (contains.groups_users) {
        const found = await this.db.selectFrom('groups_users').innerJoin('groups', 'groups.id', 'groups_users.group_id')
          .select(['groups_users.id', 'groups_users.group_id', 'groups_users.user_id', 'groups_users.is_admin', 'groups_users.created'])
          .where('groups_users.user_id', 'in', part).where('groups.deleted', '=', 0).execute();
        for (const g of found) {
          const list = memberships.get(g.user_id) ?? [];
          list.push({ id: g.id, group_id: g.group_id, user_id: g.user_id, is_admin: g.is_admin === 1, created: g.created });
          memberships.set(g.user_id, list);
        }
      }
    }
    if (contains.role) roles = new Map((await this.db.selectFrom('roles').selectAll().execute()).map((r) => [r.id, roleDto(r)]));
    return rows.map((row) => {
      const dto = bareUserDto(row);
      if (contains.profile) { const p = profiles.get(row.id); if (p) dto.profile = p; }
      if (contains.role) { const r = roles.get(row.role_id); if (r) dto.role = r; }
      // A user without a key (setup not done) has no gpgkey property: Passbolt's client schema has no null there.
      if (contains.gpgkey) { const k = keys.get(row.id); if (k) dto.gpgkey = k; }
      if (contains.groups_users) dto.groups_users = memberships.get(row.id) ?? [];
      return dto;
    });
  }

  async buildOne(row: Selectable<UsersTable>, contains: UserContains = ALL_USER_CONTAINS): Promise<UserDto> {
    return (await this.build([row], contains))[0]!;
  }
}
