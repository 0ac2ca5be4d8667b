// The share endpoints.
import type { PermissionChange } from './permission';
import type { SecretInput } from './secret';

/** `POST /share/simulate/resource/{id}.json` body. */
export interface ShareSimulateRequest { permissions: PermissionChange[] }

/** Its answer: users who gain read access (they need a secret) and users who lose it. */
export interface ShareSimulateResult {
  changes: { added: { User: { id: string } }[]; removed: { User: { id: string } }[] };
}

/** `PUT /share/resource/{id}.json` body: one secret for every `added` user. */
export interface ShareRequest { permissions: PermissionChange[]; secrets?: SecretInput[] }

/** `GET /share/search-aros.json`: users and groups mixed; groups carry `user_count`. */
export interface ShareAroUser {
  id: string;
  username: string;
  active: boolean;
  deleted: boolean;
  profile: { first_name: string; last_name: string };
  gpgkey?: { fingerprint: string } | null;
}
export interface ShareAroGroup { id: string; name: string; deleted: boolean; user_count: number }
