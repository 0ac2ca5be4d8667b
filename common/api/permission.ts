// Permissions on resources and the change objects the share endpoints take.
import type { UserDto } from './user';
import type { GroupDto } from './group';

/** 1 read, 7 update, 15 owner. */
export type PermissionTypeValue = 1 | 7 | 15;

export interface PermissionDto {
  id: string;
  aco: 'Resource';
  aco_foreign_key: string;
  aro: 'User' | 'Group';
  aro_foreign_key: string;
  type: PermissionTypeValue;
  created: string;
  modified: string;
  user?: UserDto;
  group?: GroupDto;
}

/** One entry of `permissions[]` in a share: create (no id), update (id + type) or delete (id + delete). */
export interface PermissionChange {
  id?: string;
  aro?: 'User' | 'Group';
  aro_foreign_key?: string;
  aco?: 'Resource';
  aco_foreign_key?: string;
  type?: PermissionTypeValue;
  delete?: boolean;
}
