// Which resources a user sees, as SQL whose cost follows the page asked for rather than everything visible.
//
// Visibility is one EXISTS per row on the permissions index (aro, resource, aco, type), so a list sorted by
// `created`, `modified` or `name` walks resources (deleted, column, id) in order and stops after `limit`
// visible rows (a whole list is read in order, with no sort). Passbolt's `page` still means an offset into that order; Tessera's own clients continue from
// the last row they received with `after=<created or modified>|<id>` instead, which seeks straight to it: every
// page then costs the same however deep into the list it is. Such a continuation has no total count (counting
// is the one part that must see every visible row), so its answer carries no pagination header.
//
// The total of a list without filters is counted on the permissions index alone: soft-deleting a resource
// deletes its permissions in the same transaction (ResourceService.softDelete, user deletion), so a permission
// row always names a live resource. Lists with filters, or while some resource type is deleted, count over the
// resources themselves.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../storage/schema';
import { BadRequestError } from '../http/errors';
import type { FilterValue } from '../http/query';
import { isUuid } from '../http/validation';
import { PermissionType, type Db } from './access.service';

/** Sorts a continuation (`after`) can follow: timestamps, which a resource keeps or only moves forward. */
export const KEYSET_SORTS = { 'Resources.created': 'r.created', 'Resources.modified': 'r.modified' } as const;
export type KeysetColumn = (typeof KEYSET_SORTS)[keyof typeof KEYSET_SORTS];
/** Sorts served by an index on (deleted, column, id): rows are read in that order, without sorting them all. */
export const WALK_SORTS = { ...KEYSET_SORTS, 'Resources.name': 'r.name' } as const;
export type WalkColumn = (typeof WALK_SORTS)[keyof typeof WALK_SORTS];

/** Where a continued page starts: strictly after this row of the previous page, in the list's order. */
export interface PageCursor { value: string; id: string }

const MAX_CURSOR_VALUE = 64;

/** Reads `after=<value>|<id>`; undefined when absent. Only lists sorted by created or modified can continue. */
export function parseAfter(raw: unknown, sort: string | null): PageCursor | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadRequestError('The parameter after should have a single value.');
  const bar = raw.lastIndexOf('|');
  const value = raw.slice(0, bar);
  const id = raw.slice(bar + 1);
  if (bar < 1 || value.length > MAX_CURSOR_VALUE || Number.isNaN(Date.parse(value)) || !isUuid(id)) {
    throw new BadRequestError('The parameter after should be a timestamp and a resource identifier separated by |.');
  }
  if (sort === null || !Object.hasOwn(KEYSET_SORTS, sort)) {
    throw new BadRequestError('The parameter after needs the list sorted by Resources.created or Resources.modified.');
  }
  return { value, id };
}

type WithR = Database & { r: Database['resources'] };
/** Live visible resources as `r`, before columns are chosen. */
export type ResourceScope = SelectQueryBuilder<WithR, 'r', object>;
type Eb = ExpressionBuilder<WithR, 'r'>;

/** What a listing asks for, as ResourceService received it. */
export interface VisibleOptions {
  userId: string;
  /** The user and their live groups. */
  aros: string[];
  filter: Record<string, FilterValue>;
  /** Resource types marked deleted: their resources are not listed. */
  deletedTypes: string[];
}

function visibleThrough(eb: Eb, aros: string[], type?: number) {
  let permission = eb.selectFrom('permissions as p').select(sql.lit(1).as('one'))
    .where('p.aro_foreign_key', 'in', aros).whereRef('p.aco_foreign_key', '=', 'r.id').where('p.aco', '=', 'Resource');
  if (type !== undefined) permission = permission.where('p.type', '=', type);
  return eb.exists(permission);
}

/** Whether any filter is set that narrows the list. */
export function hasFilters(filter: Record<string, FilterValue>): boolean {
  return ['has-id', 'is-favorite', 'is-shared-with-group', 'is-owned-by-me', 'is-shared-with-me'].some((f) => filter[f] !== undefined);
}

/** Live resources `aros` can read, with the list's filters; no order, no columns yet. */
export function visibleResources(db: Db, o: VisibleOptions): ResourceScope {
  let q = db.selectFrom('resources as r').where('r.deleted', '=', 0).where((eb) => visibleThrough(eb, o.aros));
  if (o.deletedTypes.length > 0) q = q.where('r.resource_type_id', 'not in', o.deletedTypes);
  const f = o.filter;
  if (Array.isArray(f['has-id'])) q = q.where('r.id', 'in', f['has-id']);
  if (typeof f['is-favorite'] === 'boolean') {
    const favorites = (eb: Eb) => eb.exists(eb.selectFrom('favorites as f').select(sql.lit(1).as('one'))
      .where('f.user_id', '=', o.userId).whereRef('f.foreign_key', '=', 'r.id'));
    q = f['is-favorite'] ? q.where(favorites) : q.where((eb) => eb.not(favorites(eb)));
  }
  if (typeof f['is-shared-with-group'] === 'string') {
    const groupId = f['is-shared-with-group'];
    q = q.where((eb) => eb.exists(eb.selectFrom('permissions as g').select(sql.lit(1).as('one'))
      .where('g.aro_foreign_key', '=', groupId).whereRef('g.aco_foreign_key', '=', 'r.id').where('g.aco', '=', 'Resource')));
  }
  // The caller's permission is the highest of theirs and their groups': owner exactly when one of them is.
  if (f['is-owned-by-me'] === true) q = q.where((eb) => visibleThrough(eb, o.aros, PermissionType.OWNER));
  if (f['is-shared-with-me'] === true) q = q.where((eb) => eb.not(visibleThrough(eb, o.aros, PermissionType.OWNER)));
  return q;
}

/** Rows after `after` in the order (column direction, id ascending); that is the listing's order. */
export function continueAfter(q: ResourceScope, column: KeysetColumn, direction: 'asc' | 'desc', after: PageCursor): ResourceScope {
  if (direction === 'asc') return q.where((eb) => eb(eb.refTuple(column, 'r.id'), '>', eb.tuple(after.value, after.id)));
  return q.where(column, '<=', after.value)
    .where((eb) => eb.or([eb(column, '<', after.value), eb('r.id', '>', after.id)]));
}

/** How many live resources `aros` can read, without filters (see the header for why permissions suffice). */
export async function countVisible(db: Db, aros: string[]): Promise<number> {
  const own = db.selectFrom('permissions').where('aco', '=', 'Resource').where('aro_foreign_key', 'in', aros);
  // One user's permission per resource is unique; through groups the same resource can come more than once.
  // count(DISTINCT) rather than counting a GROUP BY: PostgreSQL then sorts the ids inside the aggregate, which at
  // 100,000 costs about half what building a GROUP BY's hash table of them does (bench/RESULTS.md).
  const row = aros.length === 1
    ? await own.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()
    : await own.select((eb) => eb.fn.count('aco_foreign_key').distinct().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ids of resource types marked deleted (a handful of rows at most). */
export async function deletedResourceTypes(db: Db): Promise<string[]> {
  return (await db.selectFrom('resource_types').select('id').where('deleted', 'is not', null).execute()).map((t) => t.id);
}
