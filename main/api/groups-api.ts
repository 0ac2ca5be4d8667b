// Groups and the membership dry-run flow.
import { z } from 'zod';
import type { HttpClient } from './http-client';
import { groupDryRunSchema, groupSchema, type GroupDto, type SecretDto } from './schemas';
import type { QueryOptions } from './url';

/** One membership change: add `{user_id,is_admin}`, change role `{id,is_admin}`, remove `{id,delete:true}`. */
export type GroupUserChange =
  | { user_id: string; is_admin: boolean }
  | { id: string; is_admin: boolean }
  | { id: string; delete: true };

export interface GroupUpdate {
  name?: string;
  groups_users?: GroupUserChange[];
  secrets?: { resource_id: string; user_id: string; data: string }[];
}

export interface GroupDryRun {
  /** The caller's own secret rows for the resources the group reaches. */
  secrets: SecretDto[];
  /** One entry per (new member, resource) that needs a secret in the real update. */
  neededSecrets: { resource_id: string; user_id: string }[];
}

export class GroupsApi {
  constructor(private readonly http: HttpClient) {}

  async list(query: QueryOptions = {}, signal?: AbortSignal): Promise<GroupDto[]> {
    return (await this.http.get('/groups', { query, schema: z.array(groupSchema), signal })).body;
  }

  async get(id: string, query: QueryOptions = {}): Promise<GroupDto> {
    return (await this.http.get(`/groups/${encodeURIComponent(id)}`, { query, schema: groupSchema })).body;
  }

  async create(name: string, members: { user_id: string; is_admin: boolean }[]): Promise<GroupDto> {
    return (await this.http.post('/groups', { body: { name, groups_users: members }, schema: groupSchema })).body;
  }

  async updateDryRun(id: string, update: GroupUpdate, signal?: AbortSignal): Promise<GroupDryRun> {
    const res = await this.http.put(`/groups/${encodeURIComponent(id)}/dry-run`, { body: update, schema: groupDryRunSchema, signal });
    const dry = res.body['dry-run'];
    return {
      secrets: dry.Secrets.flatMap((s) => (Array.isArray(s.Secret) ? s.Secret : [s.Secret])),
      neededSecrets: dry.SecretsNeeded.map((n) => n.Secret),
    };
  }

  async update(id: string, update: GroupUpdate, signal?: AbortSignal): Promise<GroupDto> {
    return (await this.http.put(`/groups/${encodeURIComponent(id)}`, { body: update, schema: groupSchema, signal })).body;
  }

  async deleteDryRun(id: string): Promise<void> {
    await this.http.delete(`/groups/${encodeURIComponent(id)}/dry-run`);
  }

  async delete(id: string, transfer?: { owners: { id: string; aco_foreign_key: string }[] }): Promise<void> {
    await this.http.delete(`/groups/${encodeURIComponent(id)}`, { body: transfer ? { transfer } : undefined });
  }
}
