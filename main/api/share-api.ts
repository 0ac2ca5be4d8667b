// Permissions and sharing.
import { z } from 'zod';
import type { HttpClient } from './http-client';
import { aroSchema, permissionSchema, shareSimulateSchema, type GroupDto, type PermissionDto, type UserDto } from './schemas';

export type PermissionType = 1 | 7 | 15;

export type PermissionChange =
  | { aro: 'User' | 'Group'; aro_foreign_key: string; aco: 'Resource'; aco_foreign_key: string; type: PermissionType }
  | { id: string; type: PermissionType }
  | { id: string; delete: true };

export interface ShareSimulation {
  addedUserIds: string[];
  removedUserIds: string[];
}

export type Aro = (UserDto & { kind: 'user' }) | (GroupDto & { kind: 'group' });

export class ShareApi {
  constructor(private readonly http: HttpClient) {}

  async permissions(resourceId: string, signal?: AbortSignal): Promise<PermissionDto[]> {
    return (await this.http.get(`/permissions/resource/${encodeURIComponent(resourceId)}`, {
      query: { contain: { group: true, 'user.profile': true } },
      schema: z.array(permissionSchema),
      signal,
    })).body;
  }

  async simulate(resourceId: string, permissions: PermissionChange[], signal?: AbortSignal): Promise<ShareSimulation> {
    const res = await this.http.post(`/share/simulate/resource/${encodeURIComponent(resourceId)}`, {
      body: { permissions }, schema: shareSimulateSchema, signal,
    });
    return {
      addedUserIds: res.body.changes.added.map((a) => a.User.id),
      removedUserIds: res.body.changes.removed.map((r) => r.User.id),
    };
  }

  async apply(
    resourceId: string,
    permissions: PermissionChange[],
    secrets: { resource_id: string; user_id: string; data: string }[],
    signal?: AbortSignal,
  ): Promise<void> {
    await this.http.put(`/share/resource/${encodeURIComponent(resourceId)}`, { body: { permissions, secrets }, signal });
  }

  /** Active users and groups matching `search` (up to 25 of each on Passbolt). */
  async searchAros(search: string): Promise<Aro[]> {
    const res = await this.http.get('/share/search-aros', { query: { filter: { search } }, schema: z.array(aroSchema) });
    return res.body.map((aro): Aro => ('username' in aro ? { ...aro, kind: 'user' } : { ...(aro as GroupDto), kind: 'group' }));
  }
}
