// Resources, their types, the caller's secret and favorites.
import { z } from 'zod';
import type { HttpClient } from './http-client';
import {
  favoriteSchema, resourceSchema, resourceTypeSchema, secretSchema,
  type FavoriteDto, type ResourceDto, type ResourceTypeDto, type SecretDto,
} from './schemas';
import { readListedResource } from './resource-list-parser';
import type { QueryOptions } from './url';

export interface ResourceWrite {
  resource_type_id: string;
  name: string;
  username?: string | null;
  uri?: string | null;
  description?: string | null;
  expired?: string | null;
  /** Create: exactly one (the creator's). Update: none, or one for every user with access. */
  secrets?: { user_id?: string; data: string }[];
}

export interface ResourceList {
  resources: ResourceDto[];
  /** Entries the client cannot read (v5 encrypted metadata, malformed): skipped, counted. */
  skipped: number;
  /** The server's clock when it answered (unix seconds), for the next incremental cut-off. */
  serverTime: number | undefined;
  /** Total matching resources across pages (`header.pagination.count`), when the server paginates. */
  count: number | undefined;
}

const anyArray = z.array(z.unknown());

export class ResourcesApi {
  constructor(private readonly http: HttpClient) {}

  async list(query: QueryOptions = {}, signal?: AbortSignal): Promise<ResourceList> {
    const res = await this.http.get('/resources', { query, schema: anyArray, signal });
    const resources: ResourceDto[] = [];
    let skipped = 0;
    for (const item of res.body) {
      const parsed = readListedResource(item);
      if (parsed) resources.push(parsed);
      else skipped++;
    }
    return { resources, skipped, serverTime: res.header.servertime, count: res.header.pagination?.count };
  }

  async get(id: string, query: QueryOptions = {}): Promise<ResourceDto> {
    return (await this.http.get(`/resources/${encodeURIComponent(id)}`, { query, schema: resourceSchema })).body;
  }

  async create(resource: ResourceWrite): Promise<ResourceDto> {
    return (await this.http.post('/resources', { body: resource, schema: resourceSchema })).body;
  }

  async update(id: string, resource: ResourceWrite, signal?: AbortSignal): Promise<ResourceDto> {
    return (await this.http.put(`/resources/${encodeURIComponent(id)}`, { body: resource, schema: resourceSchema, signal })).body;
  }

  async delete(id: string): Promise<void> {
    await this.http.delete(`/resources/${encodeURIComponent(id)}`);
  }

  /** The caller's own secret row for a resource. */
  async secret(resourceId: string): Promise<SecretDto> {
    return (await this.http.get(`/secrets/resource/${encodeURIComponent(resourceId)}`, { schema: secretSchema })).body;
  }

  async types(): Promise<ResourceTypeDto[]> {
    const res = await this.http.get('/resource-types', { schema: anyArray });
    return res.body.flatMap((item) => {
      const parsed = resourceTypeSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async addFavorite(resourceId: string): Promise<FavoriteDto> {
    return (await this.http.post(`/favorites/resource/${encodeURIComponent(resourceId)}`, { schema: favoriteSchema })).body;
  }

  async removeFavorite(favoriteId: string): Promise<void> {
    await this.http.delete(`/favorites/${encodeURIComponent(favoriteId)}`);
  }
}
