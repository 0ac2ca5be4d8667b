// What the desktop keeps about the vault, in the client's own terms (not the wire DTOs): resource metadata,
// the caller's permission, other users' access, users with their public keys, groups. The cache stores these
// sealed; the session holds them decrypted in memory while unlocked.
import type { GroupDto, PermissionDto, ResourceDto, UserDto } from '../api/schemas';
import type { EncryptionMaterial } from '../crypto/encryption-material';

export type PermissionType = 1 | 7 | 15;

export interface AccessEntry {
  /** The permission id (needed to change or remove it). */
  id: string;
  aro: 'User' | 'Group';
  aroId: string;
  type: PermissionType;
}

export interface ResourceRecord {
  id: string;
  resourceTypeId: string;
  name: string;
  username: string | null;
  uri: string | null;
  description: string | null;
  created: string;
  modified: string;
  createdBy: string | null;
  modifiedBy: string | null;
  /** The caller's effective permission. */
  permission: PermissionType;
  favoriteId: string | null;
  /** Everyone's permissions, when the server sent them. */
  permissions: AccessEntry[];
}

export interface UserRecord {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  role: string | null;
  active: boolean;
  disabled: boolean;
  /** Fingerprint computed locally from `armoredKey` (never the server's claim). */
  fingerprint: string | null;
  armoredKey: string | null;
  /**
   * The validated encryption subkey of `armoredKey`, computed with `fingerprint` from the same key (shares wrap for
   * it without parsing the key). null: none (RSA, cannot encrypt); absent on records cached before it existed.
   */
  encryption?: EncryptionMaterial | null;
  keyModified: string | null;
  /** The email addresses in `armoredKey`'s user IDs (lower case); absent on records cached before they were kept. */
  keyEmails?: string[];
  groupIds: string[];
}

export interface GroupRecord {
  id: string;
  name: string;
  modified: string | null;
  members: { id: string; userId: string; isAdmin: boolean }[];
}

export interface SecretRecord {
  resourceId: string;
  data: string;
  /** The resource's `modified` when this row was fetched: a newer resource means the secret may be stale. */
  resourceModified: string;
}

export function toAccessEntry(p: PermissionDto): AccessEntry {
  return { id: p.id, aro: p.aro, aroId: p.aro_foreign_key, type: p.type };
}

export function toResourceRecord(dto: ResourceDto, fallbackPermission: PermissionType = 1): ResourceRecord {
  return {
    id: dto.id,
    resourceTypeId: dto.resource_type_id,
    name: dto.name,
    username: dto.username ?? null,
    uri: dto.uri ?? null,
    description: dto.description ?? null,
    created: dto.created,
    modified: dto.modified,
    createdBy: dto.created_by ?? null,
    modifiedBy: dto.modified_by ?? null,
    permission: dto.permission?.type ?? fallbackPermission,
    favoriteId: dto.favorite?.id ?? null,
    permissions: dto.permissions?.map(toAccessEntry) ?? [],
  };
}

export function toUserRecord(
  dto: UserDto, fingerprint: string | null, encryption: EncryptionMaterial | null = null, keyEmails?: string[],
): UserRecord {
  return {
    ...(keyEmails ? { keyEmails } : {}),
    id: dto.id,
    username: dto.username,
    firstName: dto.profile?.first_name ?? '',
    lastName: dto.profile?.last_name ?? '',
    role: dto.role?.name ?? null,
    active: dto.active ?? true,
    disabled: Boolean(dto.disabled),
    fingerprint,
    armoredKey: dto.gpgkey && !dto.gpgkey.deleted ? dto.gpgkey.armored_key : null,
    encryption,
    keyModified: dto.gpgkey?.modified ?? null,
    groupIds: dto.groups_users?.map((g) => g.group_id) ?? [],
  };
}

export function toGroupRecord(dto: GroupDto): GroupRecord {
  return {
    id: dto.id,
    name: dto.name,
    modified: dto.modified ?? null,
    members: (dto.groups_users ?? []).map((m) => ({ id: m.id, userId: m.user_id, isAdmin: m.is_admin })),
  };
}

/**
 * Everything sync compares, so unchanged resources are not rewritten. The metadata itself is part of it because
 * `modified` has one-second resolution: two edits within a second would otherwise look the same.
 */
export function resourceVersion(r: ResourceRecord): string {
  const perms = r.permissions.map((p) => `${p.id}:${p.type}`).sort().join(',');
  return JSON.stringify([r.modified, r.permission, r.favoriteId, perms, r.name, r.username, r.uri, r.description, r.resourceTypeId, r.modifiedBy]);
}
