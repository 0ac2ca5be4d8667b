// URL building as Passbolt's clients do it: `{base}/{path}.json`,
// `api-version=v2`, `contain[x]=1|0`, `filter[x]=v`, array filters repeated as `filter[x][]=a&filter[x][]=b`.

export type FilterValue = string | number | boolean | readonly string[];

export interface QueryOptions {
  contain?: Readonly<Record<string, boolean>>;
  filter?: Readonly<Record<string, FilterValue | undefined>>;
  /** e.g. `Resources.modified` */
  sort?: string;
  direction?: 'asc' | 'desc';
  limit?: number;
  page?: number;
  /** Other plain parameters (e.g. `cascade`). */
  params?: Readonly<Record<string, string>>;
}

/** Normalises a server URL typed by a user: scheme required (http or https), no trailing slash, no query. */
export function normaliseBaseUrl(input: string): string {
  const url = new URL(input.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Unsupported server URL scheme: ${url.protocol}`);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function encodeFilterValue(value: Exclude<FilterValue, readonly string[]>): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** `path` is relative to the API root, without `.json`, e.g. `/resources/abc` or `resources/abc`. */
export function buildUrl(baseUrl: string, path: string, query: QueryOptions = {}): string {
  const cleanPath = path.replace(/^\/+/, '').replace(/\.json$/, '');
  const search = new URLSearchParams();
  search.append('api-version', 'v2');
  for (const [name, on] of Object.entries(query.contain ?? {})) search.append(`contain[${name}]`, on ? '1' : '0');
  for (const [name, value] of Object.entries(query.filter ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) search.append(`filter[${name}][]`, item);
    } else {
      search.append(`filter[${name}]`, encodeFilterValue(value as Exclude<FilterValue, readonly string[]>));
    }
  }
  if (query.sort) search.append('sort', query.sort);
  if (query.direction) search.append('direction', query.direction);
  if (query.limit !== undefined) search.append('limit', String(query.limit));
  if (query.page !== undefined) search.append('page', String(query.page));
  for (const [name, value] of Object.entries(query.params ?? {})) search.append(name, value);
  return `${baseUrl.replace(/\/+$/, '')}/${cleanPath}.json?${search.toString()}`;
}
