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
// Speed: each resource keeps one normalised "haystack" string and a 512-bit filter of its character pairs, so most
// misses cost a few AND operations and the rest one indexOf. Typing one more character
// only rescans the previous keystroke's matches (the new matches are a subset), recent results are kept for
// backspace. Matches are collected in name order (maintained incrementally), so ranking is a bucket pass by score
// with no string comparisons. bench/client/search.bench.ts measures it.

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
  /** Normalised name, username, uris and description joined by NUL: one string to scan per resource. */
  haystack: string;
  /** Start offset of each field in `haystack` (name starts at 0), then haystack.length + 1 as a sentinel. */
  starts: [number, number, number, number, number];
  favorite: boolean;
  permission: number;
  groups: readonly string[];
  modifiedSec: number;
  /** This resource's row in the index's bigram filter. */
  slot: number;
}

const FIELD_SEPARATOR = '\u0000';
/** Kinds of match, best first (higher is better). */
const EXACT = 4;
const PREFIX = 3;
const WORD_PREFIX = 2;
const SUBSTRING = 1;
const FIELD_WEIGHT = [3, 2, 1, 0] as const; // name, username, uri, description
const EXACT_NAME_BONUS = 64;
const POS_BITS = 2 ** 21; // up to 2 million resources
const RESULT_CACHE_SIZE = 32;

const COMBINING_MARKS = /\p{M}/gu;
// eslint-disable-next-line no-control-regex -- "every character is ASCII", control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Lowercases and strips diacritics ("Ÿé" -> "ye"); used for both the index and the query. */
export function normalizeForSearch(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase(); // the common case, 10x cheaper than NFD
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** True when the character before `at` does not continue a word (start, space, punctuation). */
function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  const code = text.charCodeAt(at - 1);
  if (code < 128) return !((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90));
  return !LETTER_OR_DIGIT.test(text[at - 1] as string);
}

/** Whether `term` occurs in [start, end) of `text` somewhere other than at `start`, at the start of a word. */
function hasWordPrefix(text: string, start: number, end: number, term: string): boolean {
  for (let at = text.indexOf(term, start + 1); at >= 0 && at + term.length <= end; at = text.indexOf(term, at + 1)) {
    if (startsWord(text, at)) return true;
  }
  return false;
}

/**
 * Score of one query word: kind x 4 + field weight, kinds exact 4 > prefix 3 > word prefix 2 > substring 1.
 * prefixScore covers exact and prefix (cheap startsWith checks); restScore the others. Any prefix match outranks every
 * word-prefix or substring match, and among those the first field in name, username, uri, description order wins.
 */
function prefixScore(entry: Entry, term: string): number {
  const { haystack, starts } = entry;
  const len = term.length;
  let best = 0;
  for (let f = 0; f < 4; f++) {
    const start = starts[f] as number;
    const end = (starts[f + 1] as number) - 1;
    if (end - start >= len && haystack.startsWith(term, start)) {
      const score = (end - start === len ? EXACT : PREFIX) * 4 + (FIELD_WEIGHT[f] as number);
      if (score > best) best = score;
    }
  }
  return best;
}

/** Best word-prefix or substring score (call when prefixScore is 0). */
function restScore(entry: Entry, term: string): number {
  const { haystack, starts } = entry;
  let substringField = -1;
  for (let f = 0; f < 4; f++) {
    const start = starts[f] as number;
    const end = (starts[f + 1] as number) - 1;
    const at = haystack.indexOf(term, start);
    if (at < 0 || at + term.length > end) continue;
    if (hasWordPrefix(haystack, start, end, term)) return WORD_PREFIX * 4 + (FIELD_WEIGHT[f] as number);
    if (substringField < 0) substringField = f;
  }
  return substringField < 0 ? 0 : SUBSTRING * 4 + (FIELD_WEIGHT[substringField] as number);
}

/** The most a word without a prefix match can score (a word prefix in the name). */
const REST_SCORE_MAX = WORD_PREFIX * 4 + FIELD_WEIGHT[0];

const BLOOM_WORDS = 16; // 512 bits per resource

function bigramBit(a: number, b: number): number {
  return Math.imul(a * 65599 + b, 0x9e3779b1) >>> 23; // 0..511
}

/**
 * A 512-bit Bloom filter of the character pairs in each resource's haystack, in one Int32Array. A query word of two
 * or more characters can only occur where all its pairs are present, so most non-matching resources are rejected
 * with a few AND operations instead of a string scan (6.4 MB for 100,000 resources).
 */
class BigramFilter {
  #words = new Int32Array(BLOOM_WORDS * 1024);
  #free: number[] = [];
  #next = 0;

  add(text: string): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = this.#next++;
      if ((slot + 1) * BLOOM_WORDS > this.#words.length) {
        const grown = new Int32Array(this.#words.length * 2);
        grown.set(this.#words);
        this.#words = grown;
      }
    }
    const base = slot * BLOOM_WORDS;
    for (let i = 1; i < text.length; i++) {
      const bit = bigramBit(text.charCodeAt(i - 1), text.charCodeAt(i));
      this.#words[base + (bit >>> 5)]! |= 1 << (bit & 31);
    }
    return slot;
  }

  remove(slot: number): void {
    this.#words.fill(0, slot * BLOOM_WORDS, (slot + 1) * BLOOM_WORDS);
    this.#free.push(slot);
  }

  clear(): void {
    this.#words = new Int32Array(BLOOM_WORDS * 1024);
    this.#free = [];
    this.#next = 0;
  }

  /** The mask of every pair inside each term (pairs never span two terms). */
  static mask(terms: readonly string[]): Int32Array {
    const mask = new Int32Array(BLOOM_WORDS);
    for (const term of terms) {
      for (let i = 1; i < term.length; i++) {
        const bit = bigramBit(term.charCodeAt(i - 1), term.charCodeAt(i));
        mask[bit >>> 5]! |= 1 << (bit & 31);
      }
    }
    return mask;
  }

  mayContain(slot: number, mask: Int32Array, words: readonly number[]): boolean {
    const base = slot * BLOOM_WORDS;
    for (const w of words) {
      const m = mask[w] as number;
      if (((this.#words[base + w] as number) & m) !== m) return false;
    }
    return true;
  }
}

function nameOf(entry: Entry): string {
  return entry.haystack.slice(0, entry.starts[1] - 1);
}

const NO_GROUPS: readonly string[] = Object.freeze([]);

function toEntry(r: SearchableResource, normalizedName = normalizeForSearch(r.name)): Entry {
  const uris = [r.uri ?? '', ...(r.uris ?? [])].filter((u) => u.length > 0).join(' ');
  const name = normalizedName;
  const username = normalizeForSearch(r.username ?? '');
  const uri = normalizeForSearch(uris);
  const description = normalizeForSearch(r.description ?? '');
  const s1 = name.length + 1;
  const s2 = s1 + username.length + 1;
  const s3 = s2 + uri.length + 1;
  const modifiedMs = Date.parse(r.modified);
  // join() builds one flat string (a template literal would build a rope that each search has to flatten).
  const haystack = [name, username, uri, description].join(FIELD_SEPARATOR);
  return {
    id: r.id,
    haystack,
    starts: [0, s1, s2, s3, s3 + description.length + 1],
    favorite: r.favorite === true || (r.favoriteId !== undefined && r.favoriteId !== null),
    permission: r.permission,
    groups: r.permissions?.some((p) => p.aro === 'Group') ? r.permissions.filter((p) => p.aro === 'Group').map((p) => p.aroId) : NO_GROUPS,
    modifiedSec: Number.isFinite(modifiedMs) ? Math.max(0, Math.floor(modifiedMs / 1000)) : 0,
    slot: -1,
  };
}

/** Name order: normalised name, then id (the same order as comparing `name + NUL + id`), without allocating. */
function compareByName(a: Entry, b: Entry): number {
  const la = a.starts[1] - 1;
  const lb = b.starts[1] - 1;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const d = a.haystack.charCodeAt(i) - b.haystack.charCodeAt(i);
    if (d !== 0) return d;
  }
  if (la !== lb) return la - lb;
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

/**
 * Tracks the scores of the results held so far; `cutoff` is the score a new resource must exceed to get into the
 * best `max` (later resources come later in name order, so they lose ties). -1 until `max` results are held.
 */
class RankCutoff {
  readonly #counts = new Map<number, number>();
  #held = 0;
  cutoff = -1;

  constructor(private readonly max: number) {}

  add(score: number): void {
    this.#counts.set(score, (this.#counts.get(score) ?? 0) + 1);
    this.#held++;
    if (this.#held < this.max) return;
    let seen = 0;
    for (const s of [...this.#counts.keys()].sort((a, b) => b - a)) {
      seen += this.#counts.get(s) as number;
      if (seen >= this.max) {
        this.cutoff = s;
        return;
      }
    }
  }
}

export class SearchIndex {
  readonly #byId = new Map<string, Entry>();
  readonly #bigrams = new BigramFilter();
  /** Every entry in name order, maintained by binary insertion. */
  #byName: Entry[] = [];
  #cache: CachedResult[] = [];
  #floor = new Int32Array(0);
  #ceiling = new Int32Array(0);

  get size(): number {
    return this.#byId.size;
  }

  /** Replaces the whole index (unlock, full sync). */
  replaceAll(records: readonly SearchableResource[]): void {
    this.#byId.clear();
    this.#bigrams.clear();
    // Build the entries in name order, so that scanning in name order walks memory sequentially (about twice as
    // fast at 100,000 resources as chasing entries allocated in another order).
    const keyed = records.map((r) => {
      const name = normalizeForSearch(r.name);
      return { key: `${name}${FIELD_SEPARATOR}${r.id}`, name, r };
    });
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { r, name } of keyed) {
      const previous = this.#byId.get(r.id);
      if (previous) this.#bigrams.remove(previous.slot);
      this.#byId.set(r.id, this.#withSlot(toEntry(r, name)));
    }
    this.#byName = [...this.#byId.values()].sort(compareByName); // already sorted unless ids repeat: cheap
    this.#cache = [];
  }

  /** Adds or updates resources without rebuilding: O(log n) search plus an array splice per record. */
  upsert(records: readonly SearchableResource[]): void {
    for (const r of records) {
      const old = this.#byId.get(r.id);
      if (old) {
        this.#removeFromNameOrder(old);
        this.#bigrams.remove(old.slot);
      }
      const entry = this.#withSlot(toEntry(r));
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
      this.#bigrams.remove(entry.slot);
    }
    this.#changed();
  }

  clear(): void {
    this.#byId.clear();
    this.#bigrams.clear();
    this.#floor = new Int32Array(0);
    this.#ceiling = new Int32Array(0);
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

  #withSlot(entry: Entry): Entry {
    entry.slot = this.#bigrams.add(entry.haystack);
    return entry;
  }

  #changed(): void {
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
    const mask = BigramFilter.mask(terms);
    const maskWords = [...mask.keys()].filter((w) => mask[w] !== 0);
    const bigrams = this.#bigrams;
    const matches: Entry[] = [];
    const scan = (entry: Entry): void => {
      if (!passes(entry, filters)) return;
      if (maskWords.length > 0 && !bigrams.mayContain(entry.slot, mask, maskWords)) return;
      for (const term of terms) if (!entry.haystack.includes(term)) return;
      matches.push(entry);
    };
    // Scanning in name order keeps `matches` in name order, which #order relies on.
    for (const entry of base ?? this.#byName) scan(entry);
    this.#cache.push({ query: text, filterKey, matches });
    if (this.#cache.length > RESULT_CACHE_SIZE) this.#cache.shift();
    return matches;
  }

  /**
   * Orders matches (which are in name order) without comparing strings: relevance buckets entries by score, keeping
   * name order inside a bucket; name order is the matches' own order; modified sorts numeric keys.
   */
  #order(matches: Entry[], text: string, sort: SearchSort, limit: number | undefined): string[] {
    const max = limit === undefined ? matches.length : Math.min(limit, matches.length);
    if (sort === 'name' || (sort === 'relevance' && !text)) return matches.slice(0, max).map((e) => e.id);
    if (sort === 'modified') {
      const keys = new Float64Array(matches.length);
      for (let i = 0; i < matches.length; i++) keys[i] = (2 ** 31 - 1 - (matches[i] as Entry).modifiedSec) * POS_BITS + i;
      keys.sort();
      return Array.from(keys.subarray(0, max), (k) => (matches[k % POS_BITS] as Entry).id);
    }
    const terms = text.split(' ');
    // Pass 1, cheap: exact-name bonus and prefix matches give each resource a floor and a ceiling. Every matched word
    // scores at least a substring in the description (4) and at most a word prefix in the name (REST_SCORE_MAX).
    const n = matches.length;
    if (this.#floor.length < n) {
      // Scratch space kept between keystrokes: allocating it per query fed the garbage collector.
      this.#floor = new Int32Array(n * 2);
      this.#ceiling = new Int32Array(n * 2);
    }
    const floor = this.#floor;
    const ceiling = this.#ceiling;
    const histogram = new Int32Array(EXACT_NAME_BONUS + terms.length * (EXACT * 4 + FIELD_WEIGHT[0]) + 1);
    for (let i = 0; i < n; i++) {
      const e = matches[i] as Entry;
      let base = e.starts[1] - 1 === text.length && nameOf(e) === text ? EXACT_NAME_BONUS : 0;
      let pending = 0;
      for (const term of terms) {
        const p = prefixScore(e, term);
        base += p;
        if (p === 0) pending++;
      }
      floor[i] = base + pending * SUBSTRING * 4;
      ceiling[i] = base + pending * REST_SCORE_MAX;
      histogram[floor[i] as number]! += 1;
    }
    // The max-th best floor: a resource whose ceiling is below it cannot make the results.
    let threshold = -1;
    for (let score = histogram.length - 1, seen = 0; score >= 0; score--) {
      seen += histogram[score] as number;
      if (seen >= max) {
        threshold = score;
        break;
      }
    }
    // Pass 2: full scores for the rest, bucketed by score; in each bucket ids stay in name order (the order of
    // `matches`), at most `max` of them.
    const buckets = new Map<number, string[]>();
    const ranked = new RankCutoff(max);
    for (let i = 0; i < n; i++) {
      if ((ceiling[i] as number) < threshold || (ceiling[i] as number) <= ranked.cutoff) continue;
      const e = matches[i] as Entry;
      let score = (floor[i] as number);
      if (floor[i] !== ceiling[i]) {
        score = e.starts[1] - 1 === text.length && nameOf(e) === text ? EXACT_NAME_BONUS : 0;
        for (const term of terms) {
          const p = prefixScore(e, term);
          score += p > 0 ? p : restScore(e, term);
        }
      }
      if (score <= ranked.cutoff) continue;
      let bucket = buckets.get(score);
      if (!bucket) buckets.set(score, (bucket = []));
      if (bucket.length < max) {
        bucket.push(e.id);
        ranked.add(score);
      }
    }
    const ids: string[] = [];
    for (const score of [...buckets.keys()].sort((a, b) => b - a)) {
      for (const id of buckets.get(score) as string[]) {
        if (ids.length === max) return ids;
        ids.push(id);
      }
    }
    return ids;
  }
}
