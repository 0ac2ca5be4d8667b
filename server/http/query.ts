// Passbolt's query-string conventions: `contain[x]=1`, `filter[x]=v`, `filter[x][]=a&...`,
// `page`, `limit`, `sort`/`direction` (and the legacy `order[]=Model.field DESC`). Keys an endpoint does not
// whitelist are dropped silently; a whitelisted key with a value of the wrong shape is a 400.
import { BadRequestError } from './errors';
import { isUuid } from './validation';

/** What the raw query parser (app.ts) produces: every key once, repeated keys as arrays. */
export type RawQuery = Record<string, string | string[]>;

/** Parses `a=1&b[]=2&b[]=3` into a flat map; values of repeated keys become arrays. Never throws. */
export function parseRawQuery(text: string): RawQuery {
  const out: RawQuery = Object.create(null) as RawQuery;
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = out[key];
    if (previous === undefined) out[key] = key.endsWith('[]') ? [value] : value;
    else out[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

export type FilterKind = 'bool' | 'string' | 'strings' | 'uuids' | 'uuid' | 'unixtime';

export interface ListQuerySpec {
  /** Allowed contains and their default value. */
  contain?: Readonly<Record<string, boolean>>;
  filters?: Readonly<Record<string, FilterKind>>;
  /** Allowed `sort` values (e.g. `Users.username`). */
  sortable?: readonly string[];
  defaultSort?: string;
}

export type FilterValue = boolean | string | string[] | number;

export interface ListQuery {
  contain: Record<string, boolean>;
  filter: Record<string, FilterValue>;
  page: number;
  /** null = no limit (Passbolt returns everything). */
  limit: number | null;
  sort: string | null;
  direction: 'asc' | 'desc';
}

const MAX_LIMIT = 1_000_000;
const BOOLS: Record<string, boolean> = { '1': true, '0': false, true: true, false: false };

function single(key: string, value: string | string[]): string {
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new BadRequestError(`The parameter ${key} should have a single value.`);
    return value[0]!;
  }
  return value;
}

function parseBool(key: string, value: string | string[]): boolean {
  const parsed = BOOLS[single(key, value).toLowerCase()];
  if (parsed === undefined) throw new BadRequestError(`The parameter ${key} should be a boolean.`);
  return parsed;
}

function asList(name: string, value: string | string[]): string[] {
  const items = Array.isArray(value) ? value : [value];
  // Passbolt also accepts comma-separated values for plural filter names (has-groups=a,b).
  return name.endsWith('s') ? items.flatMap((v) => v.split(',')).filter((v) => v !== '') : items;
}

function parseFilter(name: string, kind: FilterKind, value: string | string[]): FilterValue {
  const key = `filter[${name}]`;
  switch (kind) {
    case 'bool': return parseBool(key, value);
    case 'string': return (Array.isArray(value) ? value[0] ?? '' : value);
    case 'strings': return asList(name, value);
    case 'uuid': {
      const v = single(key, value);
      if (!isUuid(v)) throw new BadRequestError(`The parameter ${key} should be a valid UUID.`);
      return v;
    }
    case 'uuids': {
      const list = asList(name, value);
      if (!list.every(isUuid)) throw new BadRequestError(`The parameter ${key} should contain valid UUIDs.`);
      return list;
    }
    case 'unixtime': {
      const v = single(key, value);
      if (!/^\d{1,12}$/.test(v)) throw new BadRequestError(`The parameter ${key} should be a unix timestamp.`);
      return Number(v);
    }
  }
}

/** `contain[x]`, `filter[x]` and `filter[x][]` split into their name; anything else returns null. */
function bracketName(key: string, prefix: 'contain' | 'filter'): string | null {
  const m = new RegExp(`^${prefix}\\[([^\\[\\]]+)\\](\\[\\])?$`).exec(key);
  return m ? m[1]! : null;
}

function parsePositiveInt(key: string, value: string | string[], max: number): number {
  const v = single(key, value);
  if (!/^\d{1,7}$/.test(v) || Number(v) < 1 || Number(v) > max) {
    throw new BadRequestError(`The parameter ${key} should be a positive integer.`);
  }
  return Number(v);
}

function parseSort(raw: RawQuery, spec: ListQuerySpec): { sort: string | null; direction: 'asc' | 'desc' } {
  let sort = raw.sort !== undefined ? single('sort', raw.sort) : null;
  let direction = raw.direction !== undefined ? single('direction', raw.direction).toLowerCase() : 'asc';
  const order = raw['order[]'] ?? raw.order;
  if (sort === null && order !== undefined) {
    const [field, dir] = single('order', order).trim().split(/\s+/);
    sort = field ?? null;
    direction = (dir ?? 'asc').toLowerCase();
  }
  if (direction !== 'asc' && direction !== 'desc') throw new BadRequestError('The direction should be asc or desc.');
  if (sort !== null && !(spec.sortable ?? []).includes(sort)) {
    throw new BadRequestError(`Invalid order. "${sort.slice(0, 64)}" is not in the list of allowed order.`);
  }
  return { sort: sort ?? spec.defaultSort ?? null, direction };
}

export function parseListQuery(raw: RawQuery | undefined, spec: ListQuerySpec): ListQuery {
  const query = raw ?? {};
  const contain: Record<string, boolean> = { ...(spec.contain ?? {}) };
  const filter: Record<string, FilterValue> = {};
  for (const [key, value] of Object.entries(query)) {
    const c = bracketName(key, 'contain');
    if (c !== null && spec.contain && Object.hasOwn(spec.contain, c)) contain[c] = parseBool(key, value);
    const f = bracketName(key, 'filter');
    if (f !== null && spec.filters && Object.hasOwn(spec.filters, f)) filter[f] = parseFilter(f, spec.filters[f]!, value);
  }
  const page = query.page !== undefined ? parsePositiveInt('page', query.page, MAX_LIMIT) : 1;
  const limit = query.limit !== undefined ? parsePositiveInt('limit', query.limit, MAX_LIMIT) : null;
  return { contain, filter, page, limit, ...parseSort(query, spec) };
}

/** Offset/limit for a SQL query; `limit` null means no paging. */
export function pageWindow(q: Pick<ListQuery, 'page' | 'limit'>): { offset: number; limit: number | null } {
  return q.limit === null ? { offset: 0, limit: null } : { offset: (q.page - 1) * q.limit, limit: q.limit };
}
