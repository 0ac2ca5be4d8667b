// Rows -> wire objects for resources and what hangs off them. Flags are 0/1 in storage and booleans on the wire.
import type { Selectable } from 'kysely';
import type { UserDto } from '../../common/api/user';
import type { GroupDto } from '../../common/api/group';
import type { FavoriteDto } from '../../common/api/favorite';
import type { PermissionDto, PermissionTypeValue } from '../../common/api/permission';
import type { ResourceDto, ResourceTypeDto } from '../../common/api/resource';
import type { SecretDto } from '../../common/api/secret';
import type { Database } from '../storage/schema';
import type { Db } from './access.service';
import { chunks } from './access.service';
import type { UserDtoBuilder } from './user-dto';

export type ResourceRow = Selectable<Database['resources']>;
export type PermissionRow = Selectable<Database['permissions']>;
export type SecretRow = Selectable<Database['secrets']>;
export type FavoriteRow = Selectable<Database['favorites']>;
export type GroupRow = Selectable<Database['groups']>;
export type ResourceTypeRow = Selectable<Database['resource_types']>;

/** Renders users as the users endpoints do; provided by the users module so both agree on one shape. */
export interface UserRenderer {
  render(ids: readonly string[], options: { profile?: boolean; gpgkey?: boolean; role?: boolean }, q?: Db): Promise<Map<string, UserDto>>;
}

export function renderResource(row: ResourceRow): ResourceDto {
  return {
    id: row.id, resource_type_id: row.resource_type_id, name: row.name, username: row.username, uri: row.uri,
    description: row.description, expired: row.expired, deleted: row.deleted === 1, created: row.created,
    modified: row.modified, created_by: row.created_by, modified_by: row.modified_by,
    folder_parent_id: null, personal: null,
  };
}

export function renderPermission(row: PermissionRow): PermissionDto {
  return {
    id: row.id, aco: 'Resource', aco_foreign_key: row.aco_foreign_key, aro: row.aro === 'Group' ? 'Group' : 'User',
    aro_foreign_key: row.aro_foreign_key, type: row.type as PermissionTypeValue, created: row.created, modified: row.modified,
  };
}

export function renderSecret(row: SecretRow): SecretDto {
  return {
    id: row.id, user_id: row.user_id, resource_id: row.resource_id, data: row.data, created: row.created,
    modified: row.modified, created_by: row.created_by, modified_by: row.modified_by,
  };
}

export function renderFavorite(row: FavoriteRow): FavoriteDto {
  return { id: row.id, user_id: row.user_id, foreign_key: row.foreign_key, foreign_model: 'Resource', created: row.created };
}

export function renderGroup(row: GroupRow): GroupDto {
  return {
    id: row.id, name: row.name, deleted: row.deleted === 1, created: row.created, modified: row.modified,
    created_by: row.created_by, modified_by: row.modified_by,
  };
}

export function renderResourceType(row: ResourceTypeRow): ResourceTypeDto {
  let definition: unknown = {};
  try {
    definition = JSON.parse(row.definition);
  } catch {
    // A definition is written by migrations only; an unreadable one is shown empty rather than failing the list.
  }
  return {
    id: row.id, slug: row.slug, name: row.name, description: row.description, definition,
    created: row.created, modified: row.modified, deleted: row.deleted,
  };
}

/** Adapts the users module's DTO builder to `UserRenderer` (selects the rows, then builds in bulk). */
export class UserDtoRenderer implements UserRenderer {
  constructor(private readonly db: Db, private readonly builder: UserDtoBuilder) {}

  async render(ids: readonly string[], options: { profile?: boolean; gpgkey?: boolean; role?: boolean }, q: Db = this.db): Promise<Map<string, UserDto>> {
    const rows = [];
    for (const part of chunks([...new Set(ids)])) rows.push(...await q.selectFrom('users').selectAll().where('id', 'in', part).execute());
    const dtos = await this.builder.build(rows, {
      profile: !!options.profile, gpgkey: !!options.gpgkey, role: !!options.role, groups_users: false,
    });
    return new Map(dtos.map((u) => [u.id, u]));
  }
}
