// In-memory search over decrypted resource metadata: the quick-search window's hot path. No OpenPGP, no I/O.
//
//   const index = new SearchIndex();
//   index.replaceAll(records);                  // after unlock / full sync (records: ResourceRecord-shaped)
//   index.upsert([changed]); index.remove([id]); // incremental, no rebuild
//   index.query({ text: 'git', filters: { favorites: true }, sort: 'relevance', limit: 50 }) // { ids, total }
//   index.search('git', 50)                      // ids only (the ResourceIndex port in services/ports.ts)
//   index.clear();                               // on lock
//
// Matching is case- and diacritic-insensitive ("Café" matches "cafe") substring matching over name, username, URIs
// and description. A query of several words matches resources containing every word, anywhere.
// Ranking, per word, by the best way it matches, then by field:
//   exact field (the whole field equals the word) > field prefix > word prefix (after a space or punctuation) > substring,
//   and for the same kind: name > username > uri > description. A name equal to the whole query gets a bonus, so
//   the exact name always comes first. Ties are ordered by name.
// Filters: favorites, owned by me (permission 15), shared with me (permission below owner: someone else owns it),
//   by group (a Group permission on the resource). Sort: relevance (default with text), name (default without), modified (newest first).
//
// Speed: each resource keeps one normalised "haystack" string, so a miss costs one indexOf. Typing one more character
// only rescans the previous keystroke's matches (the new matches are a subset), recent results are kept for
// backspace, and ordering uses integer keys in a Float64Array (name order maintained incrementally) instead of
// string comparisons. bench/client/search.bench.ts measures it.

/** What the index needs from a resource record (services' ResourceRecord satisfies it). */
export interface SearchableResource {
  id: string;
  name: string;
  username: string | null;
  uri: string | null;
  /** Extra URIs (v5 metadata), if any. */
  uris?: readonly string[];
  description: string | null;
  /** ISO-8601 timestamp. */
  modified: string;
  /** Set when the caller marked it as a favorite (either field works). */
  favoriteId?: string | null;
  favorite?: boolean;
  /** The caller's effective permission: 1 read, 7 update, 15 owner. */
  permission: number;
  permissions?: readonly { aro: 'User' | 'Group'; aroId: string }[];
}

export interface SearchFilters {
  favorites?: boolean;
  ownedByMe?: boolean;
  sharedWithMe?: boolean;
  groupId?: string;
}

export type SearchSort = 'relevance' | 'name' | 'modified';

export interface SearchQuery {
  text?: string;
  filters?: SearchFilters;
  /** Default: 'relevance' when there is text, else 'name'. */
  sort?: SearchSort;
  /** Return at most this many ids (the total is still counted). */
  limit?: number;
}

export interface SearchResult {
  ids: string[];
  /** How many resources matched. */
  total: number;
}

interface Entry {
  id: string;
  /** Normalised fields: name, username, uris, description. */
  fields: [string, string, string, string];
  haystack: string;
  favorite: boolean;
  permission: number;
  groups: readonly string[];
  modifiedSec: number;
  /** Position in name order; valid when the index's `#positionsDirty` is false. */
  pos: number;
}

const FIELD_SEPARATOR = '\u0000';
const NAME_FIELD = 0;
/** Kinds of match, best first (higher is better). */
const EXACT = 4;
const PREFIX = 3;
const WORD_PREFIX = 2;
const SUBSTRING = 1;
const FIELD_WEIGHT = [3, 2, 1, 0] as const; // name, username, uri, description
const EXACT_NAME_BONUS = 64;
const SCORE_CAP = 1023;
const POS_BITS = 2 ** 21; // up to 2 million resources
const RESULT_CACHE_SIZE = 32;

const COMBINING_MARKS = /\p{M}/gu;

/** Lowercases and strips diacritics ("Ÿé" -> "ye"); used for both the index and the query. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

function isWordBoundary(ch: string | undefined): boolean {
  return ch === undefined || !/[\p{L}\p{N}]/u.test(ch);
}

/** The best kind of match of `term` in `field` (0 = none). */
function matchKind(field: string, term: string): number {
  const at = field.indexOf(term);
  if (at < 0) return 0;
  if (at === 0) return field.length === term.length ? EXACT : PREFIX;
  for (let i = at; i >= 0; i = field.indexOf(term, i + 1)) {
    if (isWordBoundary(field[i - 1])) return WORD_PREFIX;
  }
  return SUBSTRING;
}

function termScore(entry: Entry, term: string): number {
  let best = 0;
  for (let f = 0; f < 4; f++) {
    const kind = matchKind(entry.fields[f] as string, term);
    if (kind > 0) best = Math.max(best, kind * 4 + (FIELD_WEIGHT[f] as number));
  }
  return best;
}

function toEntry(r: SearchableResource): Entry {
  const uris = [r.uri ?? '', ...(r.uris ?? [])].filter((u) => u.length > 0).join(' ');
  const fields: Entry['fields'] = [
    normalizeForSearch(r.name), normalizeForSearch(r.username ?? ''), normalizeForSearch(uris), normalizeForSearch(r.description ?? ''),
  ];
  const modifiedMs = Date.parse(r.modified);
  return {
    id: r.id,
    fields,
    haystack: fields.join(FIELD_SEPARATOR),
    favorite: r.favorite === true || (r.favoriteId !== undefined && r.favoriteId !== null),
    permission: r.permission,
    groups: (r.permissions ?? []).filter((p) => p.aro === 'Group').map((p) => p.aroId),
    modifiedSec: Number.isFinite(modifiedMs) ? Math.max(0, Math.floor(modifiedMs / 1000)) : 0,
    pos: 0,
  };
}

function compareByName(a: Entry, b: Entry): number {
  const x = a.fields[NAME_FIELD];
  const y = b.fields[NAME_FIELD];
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function passes(entry: Entry, filters: SearchFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.favorites && !entry.favorite) return false;
  if (filters.ownedByMe && entry.permission !== 15) return false;
  if (filters.sharedWithMe && entry.permission >= 15) return false;
  if (filters.groupId !== undefined && !entry.groups.includes(filters.groupId)) return false;
  return true;
}

interface CachedResult {
  query: string;
  filterKey: string;
  matches: Entry[];
}

export class SearchIndex {
  readonly #byId = new Map<string, Entry>();
  /** Every entry in name order, maintained by binary insertion. */
  #byName: Entry[] = [];
  #positionsDirty = false;
  #cache: CachedResult[] = [];

  get size(): number {
    return this.#byId.size;
  }

  /** Replaces the whole index (unlock, full sync). */
  replaceAll(records: readonly SearchableResource[]): void {
    this.#byId.clear();
    for (const r of records) this.#byId.set(r.id, toEntry(r));
    this.#byName = [...this.#byId.values()].sort(compareByName);
    this.#positionsDirty = true;
    this.#cache = [];
  }

  /** Adds or updates resources without rebuilding: O(log n) search plus an array splice per record. */
  upsert(records: readonly SearchableResource[]): void {
    for (const r of records) {
      const old = this.#byId.get(r.id);
      if (old) this.#removeFromNameOrder(old);
      const entry = toEntry(r);
      this.#byId.set(r.id, entry);
      this.#byName.splice(this.#nameInsertionPoint(entry), 0, entry);
    }
    this.#changed();
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      const entry = this.#byId.get(id);
      if (!entry) continue;
      this.#byId.delete(id);
      this.#removeFromNameOrder(entry);
    }
    this.#changed();
  }

  clear(): void {
    this.#byId.clear();
    this.#byName = [];
    this.#cache = [];
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Ids of the best matches, best first (the ResourceIndex port). */
  search(text: string, limit?: number): string[] {
    return this.query({ text, ...(limit !== undefined && { limit }) }).ids;
  }

  query(q: SearchQuery): SearchResult {
    const text = normalizeForSearch(q.text ?? '').split(FIELD_SEPARATOR).join('').trim().replace(/\s+/g, ' ');
    const sort: SearchSort = q.sort ?? (text ? 'relevance' : 'name');
    const matches = this.#matches(text, q.filters);
    const ids = this.#order(matches, text, sort, q.limit);
    return { ids, total: matches.length };
  }

  #changed(): void {
    this.#positionsDirty = true;
    this.#cache = [];
  }

  #nameInsertionPoint(entry: Entry): number {
    let lo = 0;
    let hi = this.#byName.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareByName(this.#byName[mid] as Entry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #removeFromNameOrder(entry: Entry): void {
    const at = this.#nameInsertionPoint(entry);
    if (this.#byName[at] === entry) this.#byName.splice(at, 1);
    else this.#byName = this.#byName.filter((e) => e !== entry); // defensive: order was disturbed
  }

  /** Matching entries, reusing an earlier keystroke's matches when this query extends it. */
  #matches(text: string, filters: SearchFilters | undefined): Entry[] {
    const filterKey = filters ? JSON.stringify([filters.favorites, filters.ownedByMe, filters.sharedWithMe, filters.groupId]) : '';
    const exact = this.#cache.find((c) => c.query === text && c.filterKey === filterKey);
    if (exact) return exact.matches;
    let base: Entry[] | undefined;
    for (const c of this.#cache) {
      if (c.filterKey === filterKey && text.startsWith(c.query) && (!base || c.matches.length < base.length)) base = c.matches;
    }
    const terms = text ? text.split(' ') : [];
    const matches: Entry[] = [];
    const scan = (entry: Entry): void => {
      if (!passes(entry, filters)) return;
      for (const term of terms) if (!entry.haystack.includes(term)) return;
      matches.push(entry);
    };
    if (base) for (const entry of base) scan(entry);
    else for (const entry of this.#byId.values()) scan(entry);
    this.#cache.push({ query: text, filterKey, matches });
    if (this.#cache.length > RESULT_CACHE_SIZE) this.#cache.shift();
    return matches;
  }

  #order(matches: Entry[], text: string, sort: SearchSort, limit: number | undefined): string[] {
    if (this.#positionsDirty) {
      this.#byName.forEach((e, i) => { e.pos = i; });
      this.#positionsDirty = false;
    }
    const terms = text ? text.split(' ') : [];
    const keys = new Float64Array(matches.length);
    for (let i = 0; i < matches.length; i++) {
      const e = matches[i] as Entry;
      let major = 0;
      if (sort === 'relevance' && terms.length > 0) {
        let score = e.fields[NAME_FIELD] === text ? EXACT_NAME_BONUS : 0;
        for (const term of terms) score += termScore(e, term);
        major = SCORE_CAP - Math.min(score, SCORE_CAP);
      } else if (sort === 'modified') {
        major = 2 ** 31 - 1 - e.modifiedSec; // newest first
      }
      keys[i] = major * POS_BITS + e.pos;
    }
    keys.sort();
    const count = limit === undefined ? keys.length : Math.min(limit, keys.length);
    const ids = new Array<string>(count);
    for (let i = 0; i < count; i++) ids[i] = (this.#byName[(keys[i] as number) % POS_BITS] as Entry).id;
    return ids;
  }
}
