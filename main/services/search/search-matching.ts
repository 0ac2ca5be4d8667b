// Which resources match a query: every word occurs somewhere in the resource's text, and the filters hold.
import { termMask } from './search-field-masks';
import { FAVORITE, OWNED, SHARED, type SearchRows } from './search-rows';
import { TextFilter } from './search-text-filter';

export interface SearchFilters {
  favorites?: boolean;
  ownedByMe?: boolean;
  sharedWithMe?: boolean;
  groupId?: string;
}

/** Scratch space for collecting matches (the result is a copy of the used part): one allocation per query, not two. */
let scratchRows = new Int32Array(1024);
let scratchAt = new Int32Array(1024);

function reserveScratch(length: number): void {
  if (scratchRows.length >= length) return;
  scratchRows = new Int32Array(length * 2);
  scratchAt = new Int32Array(length * 2);
}

/**
 * Where a word with character mask `mask` can first occur in a row's text: the start of the first field that holds all
 * its characters (a word never spans two fields), or -1 when no field does. Scanning from there skips the fields
 * before it, and the first occurrence found is still the first in the whole text.
 */
function firstPossibleAt(fieldChars: Int32Array, bounds: Int32Array, row: number, mask: number): number {
  for (let f = 0; f < 4; f++) if (((fieldChars[row * 4 + f] as number) & mask) === mask) return bounds[row * 5 + f] as number;
  return -1;
}

function requiredFlags(filters: SearchFilters | undefined): number {
  if (!filters) return 0;
  return (filters.favorites ? FAVORITE : 0) | (filters.ownedByMe ? OWNED : 0) | (filters.sharedWithMe ? SHARED : 0);
}

/**
 * Where one word first occurs in each row of a match list (aligned with it), so that the next keystroke, which
 * extends the word, looks there first instead of scanning the text again (a scan costs about 100-200 ns a row: it
 * stops at every occurrence of the word's first character).
 */
export interface WordPositions {
  term: string;
  at: Int32Array;
}

export interface Matches {
  /** Matching rows, in the candidates' order. */
  rows: Int32Array;
  /** Set when exactly one word needed a string scan. */
  positions?: WordPositions;
}

/**
 * The rows among `candidates` (kept in their order) that pass the filters and contain every term. The bit filters
 * reject most rows; a string scan confirms the rest, except for the short words the bits prove.
 */
export function findMatches(rows: SearchRows, candidates: Int32Array, terms: readonly string[], filters: SearchFilters | undefined): Matches {
  const plan = TextFilter.plan(terms);
  const scanned = terms.filter((t) => !TextFilter.proves(t));
  const tracked = scanned.length === 1 ? (scanned[0] as string) : undefined;
  const required = requiredFlags(filters);
  const groupId = filters?.groupId;
  const { flags, groups, haystacks, filter, fieldChars, bounds } = rows;
  const scannedMasks = Int32Array.from(scanned, termMask);
  reserveScratch(candidates.length);
  const out = scratchRows;
  const at = scratchAt;
  let n = 0;
  next: for (let i = 0; i < candidates.length; i++) {
    const row = candidates[i] as number;
    if (((flags[row] as number) & required) !== required) continue;
    if (groupId !== undefined && !(groups[row] as readonly string[]).includes(groupId)) continue;
    if (!filter.mayContain(row, plan)) continue;
    if (tracked !== undefined) {
      const from = firstPossibleAt(fieldChars, bounds, row, scannedMasks[0] as number);
      if (from < 0) continue;
      const found = (haystacks[row] as string).indexOf(tracked, from);
      if (found < 0) continue;
      at[n] = found;
    } else {
      for (let t = 0; t < scanned.length; t++) {
        const from = firstPossibleAt(fieldChars, bounds, row, scannedMasks[t] as number);
        if (from < 0 || (haystacks[row] as string).indexOf(scanned[t] as string, from) < 0) continue next;
      }
    }
    out[n++] = row;
  }
  // Candidates are never changed once made (see NameOrder.view), so when all of them match they are the result: a
  // first letter matches nearly every row, and copying 100,000 rows on each such keystroke fed the garbage collector.
  const matched = n === candidates.length ? candidates : out.slice(0, n);
  return { rows: matched, ...(tracked !== undefined && { positions: { term: tracked, at: at.slice(0, n) } }) };
}

/**
 * The rows among `candidates` that contain `term`, for candidates that match the rest of the query and whose first
 * occurrences of a shorter word that `term` extends are `previous` (aligned with the candidates). Every occurrence of
 * `term` is one of the shorter word, so the search starts at its first occurrence, and mostly ends there.
 */
export function narrowMatches(rows: SearchRows, candidates: Int32Array, term: string, previous: Int32Array): Matches {
  const plan = TextFilter.plan([term]);
  const { haystacks, filter } = rows;
  reserveScratch(candidates.length);
  const out = scratchRows;
  const at = scratchAt;
  let n = 0;
  for (let i = 0; i < candidates.length; i++) {
    const row = candidates[i] as number;
    const haystack = haystacks[row] as string;
    let found = previous[i] as number;
    if (!occursAt(haystack, term, found)) {
      if (!filter.mayContain(row, plan)) continue;
      found = haystack.indexOf(term, found + 1);
      if (found < 0) continue;
    }
    at[n] = found;
    out[n++] = row;
  }
  return { rows: n === candidates.length ? candidates : out.slice(0, n), positions: { term, at: at.slice(0, n) } };
}

/** `text.startsWith(term, at)`, by character: cheaper than the built-in call for short words. */
function occursAt(text: string, term: string, at: number): boolean {
  for (let i = 0; i < term.length; i++) if (text.charCodeAt(at + i) !== term.charCodeAt(i)) return false;
  return true;
}
