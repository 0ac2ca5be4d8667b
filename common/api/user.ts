// User, profile, role and OpenPGP key objects as the API sends them.

export type RoleName = 'admin' | 'user' | 'guest';

export interface RoleDto {
  id: string;
  name: RoleName;
  description: string | null;
  created: string;
  modified: string;
}

export interface AvatarDto {
  url: { medium: string; small: string };
}

export interface ProfileDto {
  id: string;
  user_id: string;
  first_name: string;
  last_name: string;
  created: string;
  modified: string;
  avatar: AvatarDto;
}

export interface GpgkeyDto {
  id: string;
  user_id: string;
  /** 40 upper-case hex characters. */
  fingerprint: string;
  armored_key: string;
  deleted: boolean;
  /** Algorithm family as Passbolt names it: RSA, DSA, ECC, ELGAMAL, ECDSA, ECDH, EdDSA. */
  type: string;
  uid: string;
  bits: number | null;
  /** 16 upper-case hex characters. */
  key_id: string;
  key_created: string | null;
  expires: string | null;
  created: string;
  modified: string;
}

export interface GroupUserDto {
  id: string;
  group_id: string;
  user_id: string;
  is_admin: boolean;
  created: string;
}

export interface UserDto {
  id: string;
  role_id: string;
  username: string;
  active: boolean;
  deleted: boolean;
  disabled: string | null;
  created: string;
  modified: string;
  last_logged_in: string | null;
  is_mfa_enabled: boolean;
  locale: string | null;
  missing_metadata_key_ids: string[];
  profile?: ProfileDto;
  role?: RoleDto;
  /** Absent until the user has completed setup. */
  gpgkey?: GpgkeyDto;
  groups_users?: GroupUserDto[];
}

/** `POST /users.json` (admin). */
export interface UserCreateRequest {
  username: string;
  role_id?: string;
  profile: { first_name: string; last_name: string };
}

/** `PUT /users/{id}.json`: role_id and disabled are for admins only. */
export interface UserUpdateRequest {
  role_id?: string;
  disabled?: string | null;
  profile?: { first_name?: string; last_name?: string };
}

/** `DELETE /users/{id}.json` body when the user owns or manages things alone. */
export interface UserDeleteTransfer {
  transfer?: {
    owners?: { id: string; aco_foreign_key: string }[];
    managers?: { id: string; group_id: string }[];
  };
}
