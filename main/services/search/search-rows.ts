// The search index's storage: one numbered row per resource, its data in parallel arrays (typed arrays where it is
// numeric), so that a query scanning 100,000 resources reads a few contiguous arrays instead of chasing 100,000
// objects. Rows freed by removals are reused. Holds no ordering: see search-name-order.ts.
import { foldForSearch } from './search-normalize';
import { fillFieldMasks } from './search-field-masks';
import { TextFilter } from './search-text-filter';

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

/** Flag bits, one byte per row. */
export const FAVORITE = 1;
export const OWNED = 2; // permission 15
export const SHARED = 4; // permission below owner: someone else owns it

const FIELD_SEPARATOR = '\u0000';
const NO_GROUPS: readonly string[] = Object.freeze([]);

function urisOf(r: SearchableResource): string {
  if (!r.uris || r.uris.length === 0) return r.uri ?? '';
  return [r.uri ?? '', ...r.uris].filter((u) => u.length > 0).join(' ');
}

/** A record's normalised text: the name, and all four fields joined by NUL, with where each field starts. */
export interface FoldedRecord {
  name: string;
  haystack: string;
  /** Where username, uri and description start in `haystack` (the name starts at 0). */
  starts: [number, number, number];
}

export function foldRecord(r: SearchableResource): FoldedRecord {
  const name = foldForSearch(r.name);
  const username = foldForSearch(r.username ?? '');
  const uri = foldForSearch(urisOf(r));
  const description = foldForSearch(r.description ?? '');
  const s1 = name.length + 1;
  const s2 = s1 + username.length + 1;
  // join() builds one flat string (a template literal would build a rope that each search has to flatten); the
  // name is kept as its own flat string too, which sorts several times faster than a slice of the haystack.
  return { name, haystack: [name, username, uri, description].join(FIELD_SEPARATOR), starts: [s1, s2, s2 + uri.length + 1] };
}

function flagsOf(r: SearchableResource): number {
  const favorite = r.favorite === true || (r.favoriteId !== undefined && r.favoriteId !== null);
  return (favorite ? FAVORITE : 0) | (r.permission === 15 ? OWNED : 0) | (r.permission >= 15 ? 0 : SHARED);
}

function groupsOf(r: SearchableResource): readonly string[] {
  if (!r.permissions?.some((p) => p.aro === 'Group')) return NO_GROUPS;
  return r.permissions.filter((p) => p.aro === 'Group').map((p) => p.aroId);
}

export class SearchRows {
  /** Row of each id. */
  readonly byId = new Map<string, number>();
  ids: string[] = [];
  haystacks: string[] = [];
  /**
   * Per row, five offsets into its haystack: where name (0), username, uri and description start, then
   * haystack.length + 1. Field f spans [bounds[5r+f], bounds[5r+f+1] - 1).
   */
  bounds = new Int32Array(0);
  /** Per row and field, the field's first character code (0, which no query word holds, for an empty field). */
  firstChars = new Uint16Array(0);
  /** Per row and field, the masks of search-field-masks.ts: characters present, and characters that begin a word. */
  fieldChars = new Int32Array(0);
  wordStarts = new Int32Array(0);
  flags = new Uint8Array(0);
  groups: (readonly string[])[] = [];
  readonly filter = new TextFilter();
  /** Seconds since 1970, parsed from `#modified` when first needed (NaN until then): sorting by date is rare. */
  #modifiedSec = new Float64Array(0);
  #modified: string[] = [];
  #free: number[] = [];
  #next = 0;

  /** A row for a new resource (a freed one if any). */
  allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    this.reserve(this.#next + 1);
    return this.#next++;
  }

  /** Makes room for rows 0..rows-1. */
  reserve(rows: number): void {
    this.filter.reserve(rows);
    if (rows <= this.flags.length) return;
    const capacity = Math.max(rows, this.flags.length * 2, 1024);
    this.bounds = grow(this.bounds, capacity * 5);
    this.firstChars = grow(this.firstChars, capacity * 4);
    this.fieldChars = grow(this.fieldChars, capacity * 4);
    this.wordStarts = grow(this.wordStarts, capacity * 4);
    this.flags = grow(this.flags, capacity);
    this.#modifiedSec = grow(this.#modifiedSec, capacity);
  }

  /** Stores a resource in `row`, given its normalised text (see foldRecord). */
  set(row: number, r: SearchableResource, folded: FoldedRecord): void {
    const { haystack, starts: [s1, s2, s3] } = folded;
    this.ids[row] = r.id;
    this.haystacks[row] = haystack;
    this.byId.set(r.id, row);
    const end = haystack.length + 1;
    const at = row * 5;
    this.bounds[at] = 0;
    this.bounds[at + 1] = s1;
    this.bounds[at + 2] = s2;
    this.bounds[at + 3] = s3;
    this.firstChars[row * 4] = s1 > 1 ? haystack.charCodeAt(0) : 0;
    this.firstChars[row * 4 + 1] = s2 - s1 > 1 ? haystack.charCodeAt(s1) : 0;
    this.firstChars[row * 4 + 2] = s3 - s2 > 1 ? haystack.charCodeAt(s2) : 0;
    this.firstChars[row * 4 + 3] = end - s3 > 1 ? haystack.charCodeAt(s3) : 0;
    this.bounds[at + 4] = end;
    fillFieldMasks(haystack, this.bounds, at, this.fieldChars, this.wordStarts, row * 4);
    this.flags[row] = flagsOf(r);
    this.groups[row] = groupsOf(r);
    this.#modified[row] = r.modified;
    this.#modifiedSec[row] = NaN;
    this.filter.set(row, haystack);
  }

  /** Frees a row for reuse. */
  release(row: number): void {
    this.byId.delete(this.ids[row] as string);
    this.ids[row] = '';
    this.haystacks[row] = '';
    this.groups[row] = NO_GROUPS;
    this.#modified[row] = '';
    this.flags[row] = 0;
    this.filter.clear(row);
    this.#free.push(row);
  }

  reset(): void {
    this.byId.clear();
    this.ids = [];
    this.haystacks = [];
    this.groups = [];
    this.#modified = [];
    this.#free = [];
    this.#next = 0;
    this.bounds = new Int32Array(0);
    this.firstChars = new Uint16Array(0);
    this.fieldChars = new Int32Array(0);
    this.wordStarts = new Int32Array(0);
    this.flags = new Uint8Array(0);
    this.#modifiedSec = new Float64Array(0);
    this.filter.reset();
  }

  /** Length of the row's normalised name. */
  nameLength(row: number): number {
    return (this.bounds[row * 5 + 1] as number) - 1;
  }

  modifiedSec(row: number): number {
    let sec = this.#modifiedSec[row] as number;
    if (Number.isNaN(sec)) {
      const ms = Date.parse(this.#modified[row] as string);
      sec = Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0;
      this.#modifiedSec[row] = sec;
    }
    return sec;
  }

  /**
   * Name order: normalised name, then id (the same order as comparing `name + NUL + id`), without allocating.
   * Negative when row a comes first.
   */
  compareByName(a: number, b: number): number {
    const ha = this.haystacks[a] as string;
    const hb = this.haystacks[b] as string;
    const la = this.nameLength(a);
    const lb = this.nameLength(b);
    const n = Math.min(la, lb);
    for (let i = 0; i < n; i++) {
      const d = ha.charCodeAt(i) - hb.charCodeAt(i);
      if (d !== 0) return d;
    }
    if (la !== lb) return la - lb;
    const ia = this.ids[a] as string;
    const ib = this.ids[b] as string;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  }
}

function grow<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
