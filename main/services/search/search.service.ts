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
// Speed (100,000 resources: a keystroke in a few milliseconds): each resource is a row of parallel arrays
// (search-rows.ts): one normalised "haystack" string, the field bounds and first characters, flags, and bit filters
// (search-text-filter.ts): exact for single characters and letter pairs, so one- and two-letter words need no string
// scan, Bloom filters for other pairs and triples, so most misses cost a few AND operations and the rest one indexOf.
// Typing one more character only rescans the previous keystroke's matches (a subset), from where the word was found
// (search-matching.ts); recent results are kept for backspace. Matches are collected in name order
// (search-name-order.ts, maintained a batch at a time), so ranking (search-ranking.ts) is a bucket pass by score with
// no string comparisons, and full scores (search-scoring.ts) are computed only for resources whose cheap bound can
// still reach the results. That bound comes from prefix checks and, per field, masks of the characters present and of
// those that begin a word (search-field-masks.ts): exact for one letter, so a first keystroke that matches nearly
// every resource ranks them without reading their text.
// bench/client/search.bench.ts measures it.

import { findMatches, narrowMatches, type Matches, type SearchFilters } from './search-matching';
import { NameOrder } from './search-name-order';
import { normalizeForSearch } from './search-normalize';
import { byModified, idsOf, RelevanceRanker, type SearchSort } from './search-ranking';
import { foldRecord, SearchRows, type FoldedRecord, type SearchableResource } from './search-rows';

export { normalizeForSearch } from './search-normalize';
export type { SearchableResource } from './search-rows';
export type { SearchFilters } from './search-matching';
export type { SearchSort } from './search-ranking';

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

interface CachedResult {
  text: string;
  terms: readonly string[];
  filterKey: string;
  /** Matching rows in name order. */
  found: Matches;
}

const RESULT_CACHE_SIZE = 32;

/** Lowercased, without diacritics or NUL (the field separator), words separated by one space. */
function normalizeQuery(text: string): string {
  return normalizeForSearch(text).split('\u0000').join('').trim().replace(/\s+/g, ' ');
}

function filterKeyOf(filters: SearchFilters | undefined): string {
  return filters ? JSON.stringify([filters.favorites, filters.ownedByMe, filters.sharedWithMe, filters.groupId]) : '';
}

export class SearchIndex {
  readonly #rows = new SearchRows();
  readonly #byName = new NameOrder(this.#rows);
  readonly #ranker = new RelevanceRanker(this.#rows);
  #cache: CachedResult[] = [];

  get size(): number {
    return this.#rows.byId.size;
  }

  /** Replaces the whole index (unlock, full sync). For a repeated id the last record wins. */
  replaceAll(records: readonly SearchableResource[]): void {
    this.clear();
    const last = new Map<string, number>();
    records.forEach((r, i) => last.set(r.id, i));
    const kept = last.size === records.length ? records : records.filter((r, i) => last.get(r.id) === i);
    const folded = kept.map(foldRecord);
    // Rows are numbered in name order, so that scanning in name order walks memory sequentially.
    const sorted = Array.from(folded.keys()).sort((a, b) => compareNames(folded, kept, a, b));
    this.#rows.reserve(kept.length);
    const order = new Int32Array(kept.length);
    sorted.forEach((i, position) => {
      const row = this.#rows.allocate();
      this.#rows.set(row, kept[i] as SearchableResource, folded[i] as FoldedRecord);
      order[position] = row;
    });
    this.#byName.assign(order);
  }

  /** Adds or updates resources without rebuilding: O(n + k log n) for k records (see search-name-order.ts). */
  upsert(records: readonly SearchableResource[]): void {
    const touched = new Set<number>();
    const moved = new Set<number>(); // rows in the name order whose name may change
    for (const r of records) {
      const existing = this.#rows.byId.get(r.id);
      if (existing !== undefined) moved.add(existing);
      const row = existing ?? this.#rows.allocate();
      touched.add(row);
      this.#rows.set(row, r, foldRecord(r));
    }
    this.#byName.removeMany(moved);
    this.#byName.insertMany(touched);
    this.#cache = [];
  }

  remove(ids: readonly string[]): void {
    const removed = new Set<number>();
    for (const id of ids) {
      const row = this.#rows.byId.get(id);
      if (row === undefined) continue;
      removed.add(row);
      this.#rows.release(row);
    }
    this.#byName.removeMany(removed);
    this.#cache = [];
  }

  clear(): void {
    this.#rows.reset();
    this.#byName.clear();
    this.#cache = [];
  }

  has(id: string): boolean {
    return this.#rows.byId.has(id);
  }

  /** Ids of the best matches, best first (the ResourceIndex port). */
  search(text: string, limit?: number): string[] {
    return this.query({ text, ...(limit !== undefined && { limit }) }).ids;
  }

  query(q: SearchQuery): SearchResult {
    const text = normalizeQuery(q.text ?? '');
    const terms = text ? text.split(' ') : [];
    const sort: SearchSort = q.sort ?? (text ? 'relevance' : 'name');
    const matches = this.#matches(text, terms, q.filters);
    const max = q.limit === undefined ? matches.length : Math.max(0, Math.min(q.limit, matches.length));
    return { ids: this.#order(matches, text, terms, sort, max), total: matches.length };
  }

  #order(matches: Int32Array, text: string, terms: readonly string[], sort: SearchSort, max: number): string[] {
    if (sort === 'modified') return byModified(this.#rows, matches, max);
    if (sort === 'name' || terms.length === 0) return idsOf(this.#rows, matches, max);
    return this.#ranker.rank(matches, text, terms, max);
  }

  /** Matching rows in name order, reusing an earlier keystroke's matches when this query extends it. */
  #matches(text: string, terms: readonly string[], filters: SearchFilters | undefined): Int32Array {
    const filterKey = filterKeyOf(filters);
    const exact = this.#cache.find((c) => c.text === text && c.filterKey === filterKey);
    if (exact) return exact.found.rows;
    let base: CachedResult | undefined;
    for (const c of this.#cache) {
      if (c.filterKey !== filterKey || !text.startsWith(c.text)) continue;
      // The fewest candidates; for as few, the longest query (its word positions are the closest).
      const size = c.found.rows.length;
      if (!base || size < base.found.rows.length || (size === base.found.rows.length && c.text.length > base.text.length)) base = c;
    }
    const found = base ? this.#narrow(base, terms) : findMatches(this.#rows, this.#byName.view(), terms, filters);
    this.#cache.push({ text, terms, filterKey, found });
    if (this.#cache.length > RESULT_CACHE_SIZE) this.#cache.shift();
    return found.rows;
  }

  /**
   * Matches of a query that extends an earlier one, among that one's matches (in name order, so the result is too:
   * ranking relies on it). They already pass the filters and contain its words: only new words are checked, from
   * where the word they extend was found when that is known.
   */
  #narrow(base: CachedResult, terms: readonly string[]): Matches {
    const check = terms.filter((t) => !base.terms.includes(t));
    const previous = base.found.positions;
    if (check.length === 1 && previous && (check[0] as string).startsWith(previous.term)) {
      return narrowMatches(this.#rows, base.found.rows, check[0] as string, previous.at);
    }
    return findMatches(this.#rows, base.found.rows, check, undefined);
  }
}

/** Name order of records by their normalised names, then ids. */
function compareNames(folded: readonly FoldedRecord[], records: readonly SearchableResource[], a: number, b: number): number {
  const na = (folded[a] as FoldedRecord).name;
  const nb = (folded[b] as FoldedRecord).name;
  if (na !== nb) return na < nb ? -1 : 1;
  const ia = (records[a] as SearchableResource).id;
  const ib = (records[b] as SearchableResource).id;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
