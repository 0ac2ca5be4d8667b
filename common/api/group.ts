// Groups. `is_admin: true` marks a group manager.
import type { GroupUserDto, UserDto } from './user';

export interface GroupDto {
  id: string;
  name: string;
  deleted: boolean;
  created: string;
  modified: string;
  created_by: string;
  modified_by: string;
  user_count?: number;
  modifier?: UserDto;
  my_group_user?: GroupUserDto | null;
  groups_users?: (GroupUserDto & { user?: UserDto })[];
}

/** `POST /groups.json`. */
export interface GroupCreateRequest { name: string; groups_users: { user_id: string; is_admin?: boolean }[] }

/** One change of `groups_users[]` in an update: add (user_id), change role (id + is_admin), remove (id + delete). */
export interface GroupUserChange { id?: string; user_id?: string; is_admin?: boolean; delete?: boolean }

/** `PUT /groups/{id}.json` (and its dry run). */
export interface GroupUpdateRequest {
  name?: string;
  groups_users?: GroupUserChange[];
  secrets?: { resource_id: string; user_id: string; data: string }[];
}

/** `PUT /groups/{id}/dry-run.json` answer: what the caller must encrypt, and its own rows to decrypt. */
export interface GroupUpdateDryRunResult {
  'dry-run': {
    SecretsNeeded: { Secret: { resource_id: string; user_id: string } }[];
    Secrets: { Secret: { resource_id: string; data: string }[] }[];
  };
}

/** `DELETE /groups/{id}.json` body when the group is the sole owner of resources. */
export interface GroupDeleteRequest { transfer?: { owners?: { id: string; aco_foreign_key: string }[] } }
