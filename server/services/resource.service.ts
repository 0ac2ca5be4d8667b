// Resources, v4 style (cleartext metadata, one secret per reader): index, view, create, update, soft delete.
// Authorization: a user without any permission learns nothing (404); update and delete need update (7).
import { sql } from 'kysely';
import { z } from 'zod';
import type { ResourceDto } from '../../common/api/resource';
import { RESOURCE_LIMITS } from '../../common/api/resource';
import type { ValidationErrors } from '../../common/api/error';
import { BadRequestError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import type { FilterValue, ListQuery, ListQuerySpec } from '../http/query';
import { pageWindow } from '../http/query';
import { parseBody, zUuid } from '../http/validation';
import { PASSWORD_AND_DESCRIPTION_ID, PASSWORD_STRING_ID } from '../storage/migrations/0020-resource-types';
import type { Dialect } from '../storage/database';
import { isoTimestamp, nowIso, type Clock } from '../util/clock';
import { takeChunks } from '../util/take-chunks';
import { newRowId } from '../util/uuid';
import { AccessService, chunks, lockAccessWrites, PermissionType, type Db } from './access.service';
import {
  renderFavorite, renderPermission, renderResource, renderResourceType, renderSecret,
  type FavoriteRow, type PermissionRow, type ResourceRow, type UserRenderer,
} from './resource-render';
import { GroupLookup } from './group-lookup';
import {
  continueAfter, countVisible, deletedResourceTypes, hasFilters, visibleResources, WALK_SORTS, type KeysetColumn, type PageCursor, type ResourceScope,
  type WalkColumn,
} from './resource-listing';
import type { SecretIntakeService } from './secret-intake.service';
import { insertSecrets } from './secret-rows';

export const RESOURCE_CONTAINS = ['creator', 'modifier', 'favorite', 'secret', 'resource-type', 'permission', 'permissions',
  'permissions.user.profile', 'permissions.group'] as const;
export type ResourceContain = Partial<Record<(typeof RESOURCE_CONTAINS)[number], boolean>>;

export const RESOURCE_INDEX_SPEC: ListQuerySpec = {
  contain: Object.fromEntries(RESOURCE_CONTAINS.map((c) => [c, false])),
  filters: { 'is-favorite': 'bool', 'is-shared-with-group': 'uuid', 'is-owned-by-me': 'bool', 'is-shared-with-me': 'bool', 'has-id': 'uuids' },
  sortable: ['Resources.name', 'Resources.username', 'Resources.uri', 'Resources.modified', 'Resources.created'],
  defaultSort: 'Resources.name',
};

export const RESOURCE_VIEW_SPEC: ListQuerySpec = { contain: RESOURCE_INDEX_SPEC.contain };

const SORT_COLUMNS = {
  'Resources.name': 'r.name', 'Resources.username': 'r.username', 'Resources.uri': 'r.uri',
  'Resources.modified': 'r.modified', 'Resources.created': 'r.created',
} as const;

/** Pages above this many rows load the caller's favorites, secrets and permissions whole instead of by id. */
const LARGE_PAGE = 1000;

/** Contains the create and update answers carry, as Passbolt's do. */
const WRITE_CONTAINS: ResourceContain = { permission: true, favorite: true, creator: true, modifier: true, secret: true };

const text = (field: string, max: number) => z.string({ error: `The ${field} should be a string.` })
  .max(max, { error: `The ${field} length should be maximum ${max} characters.` });
const nullableText = (field: string, max: number) => text(field, max).nullable().optional();
const secretItem = z.object({
  data: z.unknown(),
  user_id: zUuid('The user identifier should be a valid UUID.').optional(),
  resource_id: zUuid('The resource identifier should be a valid UUID.').optional(),
}, { error: 'The secret should be an object.' });
const expiredField = z.string().refine((v) => v.length <= 64 && !Number.isNaN(Date.parse(v)),
  { error: 'The expiry date should be a valid date.' }).nullable().optional();

const resourceFields = {
  resource_type_id: zUuid('The resource type identifier should be a valid UUID.').optional(),
  username: nullableText('username', RESOURCE_LIMITS.username),
  uri: nullableText('uri', RESOURCE_LIMITS.uri),
  description: nullableText('description', RESOURCE_LIMITS.description),
  expired: expiredField,
  folder_parent_id: zUuid('The folder parent identifier should be a valid UUID.').nullable().optional(),
};

const createSchema = z.object({
  ...resourceFields,
  name: text('name', RESOURCE_LIMITS.name).min(1, { error: 'The name should not be empty.' }),
  secrets: z.array(secretItem, { error: 'The secrets should be a list.' })
    .min(1, { error: 'The secret of the creator is required.' })
    .max(1, { error: 'Only the secret of the creator should be provided.' }),
});

const updateSchema = z.object({
  ...resourceFields,
  name: text('name', RESOURCE_LIMITS.name).min(1, { error: 'The name should not be empty.' }).optional(),
  secrets: z.array(secretItem, { error: 'The secrets should be a list.' }).max(100_000).optional(),
});

/**
 * The caller's highest permission per resource among `rows` (those of `aros` on resources count): a direct one wins
 * a tie with a group's, and between two groups the first seen.
 */
function highestPermissions(rows: Iterable<readonly PermissionRow[]>, aros: readonly string[]): Map<string, PermissionRow> {
  const mine = new Set(aros);
  const best = new Map<string, PermissionRow>();
  for (const list of rows) {
    for (const p of list) {
      if (p.aco !== 'Resource' || !mine.has(p.aro_foreign_key)) continue;
      const current = best.get(p.aco_foreign_key);
      if (!current || p.type > current.type || (p.type === current.type && p.aro === 'User')) best.set(p.aco_foreign_key, p);
    }
  }
  return best;
}

/** v5 payloads (encrypted metadata) are refused: this server announces no metadata plugin. */
function refuseV5(body: unknown): void {
  if (body && typeof body === 'object' && ('metadata' in body || 'metadata_key_id' in body || 'metadata_key_type' in body)) {
    throw new ValidationError({ metadata: { isV4: 'Resources with encrypted metadata (v5) are not supported by this server.' } },
      'Could not validate resource data.');
  }
}

/**
 * A page's items, or a whole list's (no limit) a chunk at a time: rows are read whole and each chunk is rendered
 * and decorated as it is taken, so the objects of only one chunk exist beside the rows rather than of the whole
 * list. `count` is null for a continued page (`after`): see resource-listing.ts.
 */
export type ResourceIndexResult = { items: ResourceDto[]; count: number | null } | { chunks: AsyncIterable<ResourceDto[]>; count: number };

/** Rows of a whole list decorated at a time. */
const WHOLE_LIST_CHUNK = 1000;

/** The caller's own permission and favorite per resource id, when the contains ask for them. */
interface CallerWide { permissions?: Map<string, PermissionRow>; favorites?: Map<string, FavoriteRow> }

export class ResourceService {
  private readonly groups: GroupLookup;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly access: AccessService,
    private readonly secrets: SecretIntakeService,
    private readonly users: UserRenderer,
    private readonly clock: Clock,
  ) {
    this.groups = new GroupLookup(db);
  }

  // ---- reads ----------------------------------------------------------------------------------------------

  /**
   * The resources `userId` can read, filtered, sorted and paged as Passbolt's index is. Sorted by name, created or
   * modified, rows are read in index order (resource-listing.ts): a page's cost follows the page and, with `after`
   * (a Tessera continuation, created or modified only), does not depend on how deep it is; `count` is then null.
   */
  async index(userId: string, query: ListQuery, after?: PageCursor): Promise<ResourceIndexResult> {
    const f = query.filter;
    if (Array.isArray(f['has-id'])) {
      if (f['has-id'].length === 0) return { items: [], count: after ? null : 0 };
      if (f['has-id'].length > 10_000) throw new BadRequestError('The parameter filter[has-id] has too many values.');
    }
    const aros = await this.access.aroIdsOf(userId);
    const contain = query.contain as ResourceContain;
    const window = pageWindow(query);
    const walked = WALK_SORTS[query.sort as keyof typeof WALK_SORTS] as WalkColumn | undefined;
    if (walked) {
      const deletedTypes = await deletedResourceTypes(this.db);
      let scope = visibleResources(this.db, { userId, aros, filter: f, deletedTypes });
      if (window.limit === null) {
        // The whole list: no total to count, and the caller's own permissions and favorites are read whole,
        // alongside the rows (on PostgreSQL the server parses one answer while the database computes the other).
        const [rows, callerWide] = await Promise.all([
          scope.selectAll('r').orderBy(walked, query.direction).orderBy('r.id', 'asc').execute(),
          this.callerWide(userId, aros, null, contain, this.db),
        ]);
        return { chunks: this.decorateByChunk(userId, aros, rows, contain, callerWide), count: rows.length };
      }
      const counting = after ? null : this.count(userId, aros, f, deletedTypes, scope);
      if (after) scope = continueAfter(scope, walked as KeysetColumn, query.direction, after);
      const rows = await scope.selectAll('r').orderBy(walked, query.direction).orderBy('r.id', 'asc')
        .limit(window.limit).offset(after ? 0 : window.offset).execute();
      const [items, count] = await Promise.all([this.decorate(userId, aros, rows, contain), counting]);
      return { items, count };
    }
    let base = this.db.selectFrom('resources as r')
      .innerJoin('resource_types as rt', 'rt.id', 'r.resource_type_id')
      .innerJoin((eb) => eb.selectFrom('permissions')
        .select(['aco_foreign_key', (e) => e.fn.max('type').as('ptype')])
        .where('aco', '=', 'Resource').where('aro_foreign_key', 'in', aros)
        .groupBy('aco_foreign_key').as('v'), (join) => join.onRef('v.aco_foreign_key', '=', 'r.id'))
      .where('r.deleted', '=', 0).where('rt.deleted', 'is', null);
    if (Array.isArray(f['has-id'])) base = base.where('r.id', 'in', f['has-id']);
    if (typeof f['is-favorite'] === 'boolean') {
      const favorites = this.db.selectFrom('favorites as f').select('f.id')
        .where('f.user_id', '=', userId).whereRef('f.foreign_key', '=', sql.ref('r.id'));
      base = f['is-favorite'] ? base.where((eb) => eb.exists(favorites)) : base.where((eb) => eb.not(eb.exists(favorites)));
    }
    if (typeof f['is-shared-with-group'] === 'string') {
      const groupId = f['is-shared-with-group'];
      base = base.where('r.id', 'in', (eb) => eb.selectFrom('permissions').select('aco_foreign_key')
        .where('aro_foreign_key', '=', groupId).where('aco', '=', 'Resource'));
    }
    if (f['is-owned-by-me'] === true) base = base.where('v.ptype', '=', PermissionType.OWNER);
    if (f['is-shared-with-me'] === true) base = base.where('v.ptype', '<', PermissionType.OWNER);

    const column = SORT_COLUMNS[(query.sort ?? 'Resources.name') as keyof typeof SORT_COLUMNS] ?? 'r.name';
    const rowsQuery = base.selectAll('r').orderBy(column, query.direction).orderBy('r.id', 'asc');
    if (window.limit !== null) {
      const rows = await rowsQuery.limit(window.limit).offset(window.offset).execute();
      const count = hasFilters(f)
        ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0)
        : await this.count(userId, aros, f, await deletedResourceTypes(this.db));
      return { items: await this.decorate(userId, aros, rows, contain), count };
    }
    // Without a limit every match is on the page: the total needs no second query, and the caller's own
    // permissions and favorites are read whole, alongside the main query rather than after it (on PostgreSQL
    // the server parses one answer while the database computes the other).
    const [rows, callerWide] = await Promise.all([rowsQuery.execute(), this.callerWide(userId, aros, null, contain, this.db)]);
    return { chunks: this.decorateByChunk(userId, aros, rows, contain, callerWide), count: rows.length };
  }

  /** A whole list's rows decorated a chunk at a time; each chunk's rows are let go once taken. */
  private async *decorateByChunk(userId: string, aros: string[], rows: (ResourceRow | undefined)[], contain: ResourceContain,
    callerWide: CallerWide): AsyncGenerator<ResourceDto[]> {
    for (const chunk of takeChunks(rows, WHOLE_LIST_CHUNK)) yield await this.decorate(userId, aros, chunk, contain, this.db, callerWide);
  }

  /**
   * The list's total: from the permissions index alone when nothing narrows the list, else over `scope` (the
   * filtered visible resources, built when the caller has it).
   */
  private async count(userId: string, aros: string[], filter: Record<string, FilterValue>, deletedTypes: string[],
    scope?: ResourceScope): Promise<number> {
    if (!hasFilters(filter) && deletedTypes.length === 0) return countVisible(this.db, aros);
    const visible = scope ?? visibleResources(this.db, { userId, aros, filter, deletedTypes });
    return Number((await visible.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  }

  /** One resource the caller can read, or 404. */
  async view(userId: string, resourceId: string, contain: ResourceContain, q: Db = this.db): Promise<ResourceDto> {
    const perm = await this.access.permissionType(userId, resourceId, q);
    if (perm === 0) throw new NotFoundError('The resource does not exist.');
    const row = await q.selectFrom('resources as r').innerJoin('resource_types as rt', 'rt.id', 'r.resource_type_id')
      .selectAll('r').where('r.id', '=', resourceId).where('r.deleted', '=', 0).executeTakeFirst();
    if (!row) throw new NotFoundError('The resource does not exist.');
    const aros = await this.access.aroIdsOf(userId, q);
    return (await this.decorate(userId, aros, [row], contain, q))[0]!;
  }

  /**
   * Adds the requested contains to a page of rows with one query per contain. `callerWide` carries the caller's
   * permissions and favorites when they were already read.
   */
  private async decorate(userId: string, aros: string[], rows: ResourceRow[], contain: ResourceContain, q: Db = this.db,
    callerWide?: CallerWide): Promise<ResourceDto[]> {
    const items = rows.map(renderResource);
    if (items.length === 0) return items;
    const ids = rows.map((r) => r.id);
    // A large page covers most of what the caller can see: one query for all of the caller's rows beats
    // many IN-list chunks. A small page asks only for its own ids.
    const large = ids.length > LARGE_PAGE;
    const wantsAllPermissions = contain.permissions || contain['permissions.user.profile'] || contain['permissions.group'];
    // Every permission of the page's resources is read anyway, and the caller's own are among them: no second probe
    // of the permissions index for the same ids.
    const ownFromAll = !callerWide && !large && contain.permission && wantsAllPermissions;
    const [own, allPermissions] = await Promise.all([
      callerWide ?? this.callerWide(userId, aros, large ? null : ids, ownFromAll ? { ...contain, permission: false } : contain, q),
      wantsAllPermissions ? this.permissionsOf(ids, q) : undefined,
    ]);
    const callerPermissions = ownFromAll && allPermissions ? highestPermissions(allPermissions.values(), aros) : own.permissions;
    if (callerPermissions) {
      for (const item of items) { const p = callerPermissions.get(item.id); if (p) item.permission = renderPermission(p); }
    }
    if (allPermissions) await this.attachPermissions(items, allPermissions, contain, q);
    if (own.favorites) {
      for (const item of items) { const f = own.favorites.get(item.id); item.favorite = f ? renderFavorite(f) : null; }
    }
    if (contain.secret) {
      const secrets = new Map<string, ReturnType<typeof renderSecret>>();
      for (const part of large ? [null] : chunks(ids)) {
        let secretQuery = q.selectFrom('secrets').selectAll().where('user_id', '=', userId);
        if (part) secretQuery = secretQuery.where('resource_id', 'in', part);
        for (const s of await secretQuery.execute()) secrets.set(s.resource_id, renderSecret(s));
      }
      for (const item of items) {
        const s = secrets.get(item.id);
        item.secrets = s ? [s] : [];
      }
    }
    if (contain.creator || contain.modifier) {
      const people = new Set<string>();
      for (const r of rows) {
        if (contain.creator) people.add(r.created_by);
        if (contain.modifier) people.add(r.modified_by);
      }
      const rendered = await this.users.render([...people], {}, q);
      for (const item of items) {
        if (contain.creator) { const u = rendered.get(item.created_by); if (u) item.creator = u; }
        if (contain.modifier) { const u = rendered.get(item.modified_by); if (u) item.modifier = u; }
      }
    }
    if (contain['resource-type']) {
      const types = new Map((await q.selectFrom('resource_types').selectAll().execute()).map((t) => [t.id, renderResourceType(t)]));
      for (const item of items) { const t = types.get(item.resource_type_id); if (t) item.resource_type = t; }
    }
    return items;
  }

  /** The caller's own permission and favorite per resource, as `contain` asks, for `ids` or (null) everything. */
  private async callerWide(userId: string, aros: string[], ids: string[] | null, contain: ResourceContain, q: Db): Promise<CallerWide> {
    const [permissions, favorites] = await Promise.all([
      contain.permission ? this.callerPermissions(aros, ids, q) : undefined,
      contain.favorite ? this.callerFavorites(userId, ids, q) : undefined,
    ]);
    return { permissions, favorites };
  }

  /** The caller's highest permission per resource; a direct one wins a tie with a group's. */
  private async callerPermissions(aros: string[], ids: string[] | null, q: Db): Promise<Map<string, PermissionRow>> {
    const rows: PermissionRow[][] = [];
    for (const part of ids ? chunks(ids) : [null]) {
      let permQuery = q.selectFrom('permissions').selectAll().where('aro_foreign_key', 'in', aros).where('aco', '=', 'Resource');
      if (part) permQuery = permQuery.where('aco_foreign_key', 'in', part);
      rows.push(await permQuery.execute());
    }
    return highestPermissions(rows, aros);
  }

  private async callerFavorites(userId: string, ids: string[] | null, q: Db): Promise<Map<string, FavoriteRow>> {
    const favorites = new Map<string, FavoriteRow>();
    for (const part of ids ? chunks(ids) : [null]) {
      let favQuery = q.selectFrom('favorites').selectAll().where('user_id', '=', userId);
      if (part) favQuery = favQuery.where('foreign_key', 'in', part);
      for (const f of await favQuery.execute()) favorites.set(f.foreign_key, f);
    }
    return favorites;
  }

  /** Every permission on each of `ids`, oldest first. */
  private async permissionsOf(ids: string[], q: Db): Promise<Map<string, PermissionRow[]>> {
    const byResource = new Map<string, PermissionRow[]>();
    for (const part of chunks(ids)) {
      const permRows = await q.selectFrom('permissions').selectAll().where('aco_foreign_key', 'in', part)
        .orderBy('created', 'asc').orderBy('id', 'asc').execute();
      for (const p of permRows) {
        const list = byResource.get(p.aco_foreign_key) ?? [];
        list.push(p);
        byResource.set(p.aco_foreign_key, list);
      }
    }
    return byResource;
  }

  private async attachPermissions(items: ResourceDto[], byResource: Map<string, PermissionRow[]>, contain: ResourceContain,
    q: Db): Promise<void> {
    const all = [...byResource.values()].flat();
    const users = contain['permissions.user.profile']
      ? await this.users.render([...new Set(all.filter((p) => p.aro === 'User').map((p) => p.aro_foreign_key))], { profile: true }, q)
      : new Map();
    const groups = contain['permissions.group']
      ? await this.groups.render([...new Set(all.filter((p) => p.aro === 'Group').map((p) => p.aro_foreign_key))], q)
      : new Map();
    for (const item of items) {
      item.permissions = (byResource.get(item.id) ?? []).map((p) => {
        const dto = renderPermission(p);
        if (p.aro === 'User' && users.has(p.aro_foreign_key)) dto.user = users.get(p.aro_foreign_key);
        if (p.aro === 'Group' && groups.has(p.aro_foreign_key)) dto.group = groups.get(p.aro_foreign_key);
        return dto;
      });
    }
  }

  // ---- writes ---------------------------------------------------------------------------------------------

  private async assertResourceType(id: string, q: Db): Promise<void> {
    const row = await q.selectFrom('resource_types').select('id').where('id', '=', id).where('deleted', 'is', null).executeTakeFirst();
    if (!row) {
      throw new ValidationError({ resource_type_id: { resource_type_exists: 'The resource type does not exist.' } },
        'Could not validate resource data.');
    }
  }

  /** The description lives only in the secret for this type; a copy in cleartext would leak it. */
  private static description(typeId: string, description: string | null | undefined): string | null {
    return typeId === PASSWORD_AND_DESCRIPTION_ID ? null : (description ?? null);
  }

  private static expiry(value: string | null | undefined): string | null {
    return value ? isoTimestamp(Date.parse(value)) : null;
  }

  async create(userId: string, body: unknown): Promise<ResourceDto> {
    refuseV5(body);
    const input = parseBody(createSchema, body, 'Could not validate resource data.');
    const typeId = input.resource_type_id ?? PASSWORD_STRING_ID;
    await this.assertResourceType(typeId, this.db);
    const secret = input.secrets[0]!;
    if (secret.user_id !== undefined && secret.user_id !== userId) {
      throw new ValidationError({ secrets: { 0: { user_id: { isCreator: 'The secret should be for the creator of the resource.' } } } },
        'Could not validate resource data.');
    }
    const secretErrors = await this.secrets.check([{ index: 0, userId, data: secret.data }], this.db);
    if (secretErrors) throw new ValidationError({ secrets: secretErrors }, 'Could not validate resource data.');

    const now = nowIso(this.clock);
    const id = newRowId();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('resources').values({
        id, resource_type_id: typeId, name: input.name, username: input.username ?? null, uri: input.uri ?? null,
        description: ResourceService.description(typeId, input.description), expired: ResourceService.expiry(input.expired),
        deleted: 0, created: now, modified: now, created_by: userId, modified_by: userId,
      }).execute();
      await trx.insertInto('permissions').values({
        id: newRowId(), aco: 'Resource', aco_foreign_key: id, aro: 'User', aro_foreign_key: userId,
        type: PermissionType.OWNER, created: now, modified: now,
      }).execute();
      await trx.insertInto('secrets').values({
        id: newRowId(), user_id: userId, resource_id: id, data: secret.data as string, created: now, modified: now,
        created_by: userId, modified_by: userId,
      }).execute();
    });
    return this.view(userId, id, WRITE_CONTAINS);
  }

  /** 404 without access, 403 with access below `needed`. */
  private async requirePermission(userId: string, resourceId: string, needed: number, q: Db): Promise<void> {
    const perm = await this.access.permissionType(userId, resourceId, q);
    if (perm === 0) throw new NotFoundError('The resource does not exist.');
    if (perm < needed) throw new ForbiddenError('You do not have the permission to update this resource.');
  }

  async update(userId: string, resourceId: string, body: unknown): Promise<ResourceDto> {
    await this.requirePermission(userId, resourceId, PermissionType.UPDATE, this.db);
    refuseV5(body);
    const input = parseBody(updateSchema, body, 'Could not validate resource data.');
    if (input.resource_type_id !== undefined) await this.assertResourceType(input.resource_type_id, this.db);
    // Key ids are read (and parsed if new) before the transaction, so no key parsing happens under the lock.
    await this.secrets.encryptionKeyIds((input.secrets ?? []).flatMap((s) => (s.user_id ? [s.user_id] : [])), this.db);
    await this.db.transaction().execute(async (trx) => {
      await lockAccessWrites(trx, this.dialect);
      await this.requirePermission(userId, resourceId, PermissionType.UPDATE, trx);
      const current = await trx.selectFrom('resources').selectAll().where('id', '=', resourceId).executeTakeFirstOrThrow();
      const now = nowIso(this.clock);
      if (input.secrets !== undefined) await this.replaceSecrets(userId, resourceId, input.secrets, now, trx);
      const typeId = input.resource_type_id ?? current.resource_type_id;
      const description = input.description !== undefined ? input.description : current.description;
      await trx.updateTable('resources').set({
        resource_type_id: typeId,
        name: input.name ?? current.name,
        username: input.username !== undefined ? input.username : current.username,
        uri: input.uri !== undefined ? input.uri : current.uri,
        description: ResourceService.description(typeId, description),
        expired: input.expired !== undefined ? ResourceService.expiry(input.expired) : current.expired,
        modified: now, modified_by: userId,
      }).where('id', '=', resourceId).execute();
    });
    return this.view(userId, resourceId, WRITE_CONTAINS);
  }

  /** A secret update must carry exactly one row per reader, each encrypted to that reader. */
  private async replaceSecrets(userId: string, resourceId: string, secrets: z.infer<typeof secretItem>[], now: string, trx: Db): Promise<void> {
    const readers = new Set(await this.access.usersWithAccess(resourceId, trx));
    const errors: ValidationErrors = {};
    const seen = new Set<string>();
    secrets.forEach((s, i) => {
      if (s.resource_id !== undefined && s.resource_id !== resourceId) {
        errors[String(i)] = { resource_id: { isSameResource: 'The secret should be for this resource.' } };
      } else if (s.user_id === undefined) {
        errors[String(i)] = { user_id: { _required: 'The user identifier is required.' } };
      } else if (seen.has(s.user_id)) {
        errors[String(i)] = { user_id: { isUnique: 'Only one secret per user should be provided.' } };
      } else if (!readers.has(s.user_id)) {
        errors[String(i)] = { user_id: { hasAccess: 'The user does not have access to the resource.' } };
      }
      if (s.user_id !== undefined) seen.add(s.user_id);
    });
    if (Object.keys(errors).length > 0) throw new ValidationError({ secrets: errors }, 'Could not validate resource data.');
    if ([...readers].some((u) => !seen.has(u))) {
      throw new ValidationError({ secrets: { secrets_provided: 'The secrets of all the users having access to the resource are required.' } },
        'Could not validate resource data.');
    }
    const dataErrors = await this.secrets.check(secrets.map((s, i) => ({ index: i, userId: s.user_id!, data: s.data })), trx);
    if (dataErrors) throw new ValidationError({ secrets: dataErrors }, 'Could not validate resource data.');
    const existing = new Set((await trx.selectFrom('secrets').select('user_id').where('resource_id', '=', resourceId).execute())
      .map((r) => r.user_id));
    const updates = secrets.filter((s) => existing.has(s.user_id!)).map((s) => ({ userId: s.user_id!, data: s.data as string }));
    await this.updateSecretData(resourceId, updates, userId, now, trx);
    await insertSecrets(trx, this.dialect, secrets.filter((s) => !existing.has(s.user_id!))
      .map((s) => ({ userId: s.user_id!, resourceId, data: s.data as string })), userId, now);
    // Rows of users without access cannot exist if the invariant held; remove any such stray rows anyway.
    await trx.deleteFrom('secrets').where('resource_id', '=', resourceId).where('user_id', 'not in', [...readers]).execute();
  }

  /**
   * Rewrites the data of existing secret rows, keeping their ids. On PostgreSQL one statement joins the rows to
   * the new data (a resource shared with a thousand users otherwise costs a thousand round trips); SQLite runs
   * its prepared update per row in process.
   */
  private async updateSecretData(resourceId: string, updates: { userId: string; data: string }[], userId: string, now: string,
    trx: Db): Promise<void> {
    if (updates.length === 0) return;
    if (this.dialect === 'postgres') {
      await sql`update secrets as s set data = v.data, modified = ${now}, modified_by = ${userId}
        from unnest(${updates.map((u) => u.userId)}::text[], ${updates.map((u) => u.data)}::text[]) as v(user_id, data)
        where s.resource_id = ${resourceId} and s.user_id = v.user_id`.execute(trx);
      return;
    }
    for (const u of updates) {
      await trx.updateTable('secrets').set({ data: u.data, modified: now, modified_by: userId })
        .where('resource_id', '=', resourceId).where('user_id', '=', u.userId).execute();
    }
  }

  async delete(userId: string, resourceId: string): Promise<void> {
    await this.requirePermission(userId, resourceId, PermissionType.UPDATE, this.db);
    await this.db.transaction().execute(async (trx) => {
      await lockAccessWrites(trx, this.dialect);
      await this.requirePermission(userId, resourceId, PermissionType.UPDATE, trx);
      await ResourceService.softDelete(resourceId, userId, nowIso(this.clock), trx);
    });
  }

  /** Marks a resource deleted and removes everything that gave or recorded access to it. */
  static async softDelete(resourceId: string, userId: string, now: string, trx: Db): Promise<void> {
    await trx.updateTable('resources').set({ deleted: 1, modified: now, modified_by: userId }).where('id', '=', resourceId).execute();
    await trx.deleteFrom('secrets').where('resource_id', '=', resourceId).execute();
    await trx.deleteFrom('permissions').where('aco_foreign_key', '=', resourceId).execute();
    await trx.deleteFrom('favorites').where('foreign_key', '=', resourceId).execute();
  }
}
