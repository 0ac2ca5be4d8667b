// The server's tables as Kysely sees them. The same migrations build this schema on SQLite and PostgreSQL,
// so column types are the portable subset: text ids (UUIDs), text ISO-8601 UTC timestamps, integer 0/1 flags.

/** A 0/1 integer flag: SQLite has no boolean type and the two databases must behave alike. */
export type Flag = number;
/** ISO-8601 UTC timestamp text, e.g. `2026-11-22T02:31:53+00:00` (Passbolt's format); sorts lexically. */
export type Timestamp = string;

export interface RolesTable { id: string; name: string; description: string | null; created: Timestamp; modified: Timestamp }

export interface UsersTable {
  id: string; role_id: string; username: string; active: Flag; deleted: Flag; disabled: Timestamp | null;
  locale: string | null; created: Timestamp; modified: Timestamp; last_logged_in: Timestamp | null;
}

export interface ProfilesTable {
  id: string; user_id: string; first_name: string; last_name: string; created: Timestamp; modified: Timestamp;
}

export interface GpgkeysTable {
  id: string; user_id: string; armored_key: string; fingerprint: string; key_id: string; bits: number | null;
  uid: string; type: string; key_created: Timestamp | null; expires: Timestamp | null; deleted: Flag;
  created: Timestamp; modified: Timestamp;
}

/** Setup and recover tokens sent by mail; `type` is 'register' or 'recover'. */
export interface AuthenticationTokensTable {
  id: string; token: string; user_id: string; type: string; active: Flag; created: Timestamp; modified: Timestamp;
}

/** JWT login challenges already used, kept until their expiry so a replay is refused by every server process. */
export interface UsedVerifyTokensTable { user_id: string; token: string; expires: Timestamp; created: Timestamp }

/** `family_id` links rotated tokens, so reuse of a consumed token can revoke the whole chain. */
export interface RefreshTokensTable {
  id: string; user_id: string; token: string; family_id: string; active: Flag; expires: Timestamp; created: Timestamp;
  modified: Timestamp;
}

/** Fixed-window counters shared by all server processes. */
export interface RateLimitsTable { bucket: string; window_start: number; hits: number }

export interface GroupsTable {
  id: string; name: string; deleted: Flag; created: Timestamp; modified: Timestamp; created_by: string; modified_by: string;
}

export interface GroupsUsersTable { id: string; group_id: string; user_id: string; is_admin: Flag; created: Timestamp }

export interface ResourceTypesTable {
  id: string; slug: string; name: string; description: string | null; definition: string;
  created: Timestamp; modified: Timestamp; deleted: Timestamp | null;
}

export interface ResourcesTable {
  id: string; resource_type_id: string; name: string; username: string | null; uri: string | null;
  description: string | null; expired: Timestamp | null; deleted: Flag; created: Timestamp; modified: Timestamp;
  created_by: string; modified_by: string;
}

/** aco is 'Resource'; aro is 'User' or 'Group'; type is 1 read, 7 update, 15 owner. */
export interface PermissionsTable {
  id: string; aco: string; aco_foreign_key: string; aro: string; aro_foreign_key: string; type: number;
  created: Timestamp; modified: Timestamp;
}

export interface SecretsTable {
  id: string; user_id: string; resource_id: string; data: string; created: Timestamp; modified: Timestamp;
  created_by: string | null; modified_by: string | null;
}

/** Encryption key ids (comma-separated lower-case hex) of an armored public key, by SHA-256 of its text. */
export interface RecipientKeyIdsTable { armored_sha256: string; key_ids: string; created: Timestamp }

export interface FavoritesTable { id: string; user_id: string; foreign_key: string; foreign_model: string; created: Timestamp }

/** Organisation settings by property name (password policies, user passphrase policies); `value` is JSON text. */
export interface OrganizationSettingsTable {
  id: string; property: string; value: string; created: Timestamp; modified: Timestamp;
  created_by: string | null; modified_by: string | null;
}

/** Outgoing mail; a row stays until sent, so a failed send is retried by any server process. */
export interface MailQueueTable {
  id: string; recipient: string; subject: string; template: string; body_text: string; body_html: string;
  attempts: number; next_attempt: number; last_error: string | null; sent: Timestamp | null; created: Timestamp;
}

export interface Database {
  roles: RolesTable;
  users: UsersTable;
  profiles: ProfilesTable;
  gpgkeys: GpgkeysTable;
  authentication_tokens: AuthenticationTokensTable;
  used_verify_tokens: UsedVerifyTokensTable;
  refresh_tokens: RefreshTokensTable;
  rate_limits: RateLimitsTable;
  groups: GroupsTable;
  groups_users: GroupsUsersTable;
  resource_types: ResourceTypesTable;
  resources: ResourcesTable;
  permissions: PermissionsTable;
  secrets: SecretsTable;
  favorites: FavoritesTable;
  recipient_key_ids: RecipientKeyIdsTable;
  organization_settings: OrganizationSettingsTable;
  mail_queue: MailQueueTable;
}
