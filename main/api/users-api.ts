// Users, their public keys and roles.
import { z } from 'zod';
import type { HttpClient } from './http-client';
import { gpgkeySchema, roleSchema, userSchema, type GpgkeyDto, type UserDto } from './schemas';
import type { QueryOptions } from './url';

export interface UserCreate {
  username: string;
  role_id: string;
  profile: { first_name: string; last_name: string };
}

export interface UserUpdate {
  role_id?: string;
  /** An ISO date disables the user; null enables them again. */
  disabled?: string | null;
  profile?: { first_name?: string; last_name?: string };
}

/** Who takes over what a deleted user solely owned or managed. */
export interface DeleteTransfer {
  owners?: { id: string; aco_foreign_key: string }[];
  managers?: { id: string; group_id: string }[];
}

export class UsersApi {
  constructor(private readonly http: HttpClient) {}

  async list(query: QueryOptions = {}, signal?: AbortSignal): Promise<UserDto[]> {
    return (await this.http.get('/users', { query, schema: z.array(userSchema), signal })).body;
  }

  async me(): Promise<UserDto> {
    return (await this.http.get('/users/me', { schema: userSchema })).body;
  }

  async get(id: string): Promise<UserDto> {
    return (await this.http.get(`/users/${encodeURIComponent(id)}`, { schema: userSchema })).body;
  }

  /** Users who can read the resource (directly or through a group), with their public keys. */
  async withAccessTo(resourceId: string, signal?: AbortSignal): Promise<UserDto[]> {
    return this.list({ filter: { 'has-access': [resourceId] }, contain: { gpgkey: true, profile: true } }, signal);
  }

  async create(user: UserCreate): Promise<UserDto> {
    return (await this.http.post('/users', { body: user, schema: userSchema })).body;
  }

  async update(id: string, changes: UserUpdate): Promise<UserDto> {
    return (await this.http.put(`/users/${encodeURIComponent(id)}`, { body: changes, schema: userSchema })).body;
  }

  /** Resolves when the user can be deleted as is; rejects with ApiHttpError 400 naming what needs a transfer. */
  async deleteDryRun(id: string): Promise<void> {
    await this.http.delete(`/users/${encodeURIComponent(id)}/dry-run`);
  }

  async delete(id: string, transfer?: DeleteTransfer): Promise<void> {
    await this.http.delete(`/users/${encodeURIComponent(id)}`, { body: transfer ? { transfer } : undefined });
  }

  /**
   * As an administrator, Passbolt's "resend invite": the server mails a user who has not finished setup a fresh
   * invitation link (an active user gets a recovery link).
   */
  async resendInvitation(username: string): Promise<void> {
    await this.http.post('/users/recover', { body: { username } });
  }

  /** Public keys; `modifiedAfter` (unix seconds) for an incremental fetch. */
  async gpgkeys(modifiedAfter?: number, signal?: AbortSignal): Promise<GpgkeyDto[]> {
    const filter = modifiedAfter === undefined ? {} : { 'modified-after': modifiedAfter };
    return (await this.http.get('/gpgkeys', { query: { filter }, schema: z.array(gpgkeySchema), signal })).body;
  }

  async roles(): Promise<z.infer<typeof roleSchema>[]> {
    return (await this.http.get('/roles', { schema: z.array(roleSchema) })).body;
  }
}
