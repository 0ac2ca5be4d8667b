// Resources and resource types, v4 style: cleartext metadata, secrets per user.
import type { UserDto } from './user';
import type { PermissionDto } from './permission';
import type { SecretDto } from './secret';
import type { FavoriteDto } from './favorite';

export interface ResourceTypeDto {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  /** JSON schemas of the resource fields and of the decrypted secret. */
  definition: unknown;
  created: string;
  modified: string;
  deleted: string | null;
  resources_count?: number;
}

export interface ResourceDto {
  id: string;
  resource_type_id: string;
  name: string;
  username: string | null;
  uri: string | null;
  description: string | null;
  expired: string | null;
  deleted: boolean;
  created: string;
  modified: string;
  created_by: string;
  modified_by: string;
  folder_parent_id: string | null;
  personal: boolean | null;
  permission?: PermissionDto;
  permissions?: PermissionDto[];
  favorite?: FavoriteDto | null;
  secrets?: SecretDto[];
  creator?: UserDto;
  modifier?: UserDto;
  resource_type?: ResourceTypeDto;
}

/** `POST /resources.json` and `PUT /resources/{id}.json` (v4 body). */
export interface ResourceWriteRequest {
  resource_type_id?: string;
  name: string;
  username?: string | null;
  uri?: string | null;
  description?: string | null;
  expired?: string | null;
  folder_parent_id?: string | null;
  secrets?: { user_id?: string; data: string }[];
}

/** Field limits the server enforces (and clients can check before sending). */
export const RESOURCE_LIMITS = { name: 255, username: 255, uri: 1024, description: 10000 } as const;

export const RESOURCE_TYPE_IDS = {
  passwordString: '669f8c64-242a-59fb-92fc-81f660975fd3',
  passwordAndDescription: 'a28a04cd-6f53-518a-967c-9963bf9cec51',
} as const;
