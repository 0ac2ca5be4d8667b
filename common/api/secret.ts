// Secret rows: one per user who can read a resource, each encrypted to that user.

export interface SecretDto {
  id: string;
  user_id: string;
  resource_id: string;
  /** Armored OpenPGP message encrypted to `user_id`'s key. */
  data: string;
  created: string;
  modified: string;
  created_by: string | null;
  modified_by: string | null;
}

/** A secret sent with a write. `user_id` is implied on resource create; `resource_id` on update and share. */
export interface SecretInput {
  user_id?: string;
  resource_id?: string;
  data: string;
}
