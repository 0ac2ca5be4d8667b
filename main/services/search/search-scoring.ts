// How well one query word matches one resource (the ranking documented in search.service.ts), over SearchRows.
// Score of a word: kind x 4 + field weight, kinds exact 4 > prefix 3 > word prefix 2 > substring 1, fields name 3 >
// username 2 > uri 1 > description 0. Any prefix match (exact included) outranks every word-prefix or substring
// match, so the cheap prefix checks come first and the string scans only where they can still change the ranking.
import { charMask, masksAreExactFor, startsWord, termMask } from './search-field-masks';
import type { SearchRows } from './search-rows';

const EXACT = 4;
const PREFIX = 3;
const WORD_PREFIX = 2;
const SUBSTRING = 1;
const FIELD_WEIGHT = [3, 2, 1, 0] as const; // name, username, uri, description
/** Added when the name equals the whole query, so the exact name always comes first. */
export const EXACT_NAME_BONUS = 64;
/** The most a word without a prefix match can score (a word prefix in the name), and the least any match scores. */
const REST_SCORE_MAX = WORD_PREFIX * 4 + FIELD_WEIGHT[0];
const REST_SCORE_MIN = SUBSTRING * 4 + FIELD_WEIGHT[3];
/** The most one word can score (the exact name). */
export const WORD_SCORE_MAX = EXACT * 4 + FIELD_WEIGHT[0];

/** `text.startsWith(term, at)` for a term known to fit, by character: cheaper than the built-in call for short words. */
function occursAt(text: string, term: string, at: number): boolean {
  for (let i = 0; i < term.length; i++) if (text.charCodeAt(at + i) !== term.charCodeAt(i)) return false;
  return true;
}

/** Whether `term` occurs in [start, end) of `text` somewhere other than at `start`, at the start of a word. */
function hasWordPrefix(text: string, start: number, end: number, term: string): boolean {
  for (let at = text.indexOf(term, start + 1); at >= 0 && at + term.length <= end; at = text.indexOf(term, at + 1)) {
    if (startsWord(text, at)) return true;
  }
  return false;
}

/**
 * Scores rows of one SearchRows. A class rather than free functions so that the hot loops call methods of one
 * object (free functions imported from another module are reached through a getter per call once compiled to
 * CommonJS, as tsx and the tests do, which cost a third of a keystroke's time).
 */
export class Scorer {
  /** Per word of the prepared query: the bits of its characters, of its first character, and whether they are exact. */
  #masks = new Int32Array(0);
  #firstBits = new Int32Array(0);
  #exact: boolean[] = [];
  /** The lower bound restBounds found along with the ceiling it returned. */
  #restLow = 0;

  constructor(private readonly rows: SearchRows) {}

  /** The floor that the last restBounds call found along with the ceiling it returned. */
  get lastRestFloor(): number {
    return this.#restLow;
  }

  /** Reads the query's words once; bounds, restScore and fullScore then take words by their index in `terms`. */
  prepare(terms: readonly string[]): void {
    this.#masks = Int32Array.from(terms, termMask);
    this.#firstBits = Int32Array.from(terms, (t) => charMask(t.charCodeAt(0)));
    this.#exact = terms.map(masksAreExactFor);
  }

  exactNameBonus(row: number, text: string): number {
    const rows = this.rows;
    return rows.nameLength(row) === text.length && occursAt(rows.haystacks[row] as string, text, 0) ? EXACT_NAME_BONUS : 0;
  }

  /** Best exact or prefix score of `term` (0 if no field starts with it). Reads the text only past the first character. */
  prefixScore(row: number, term: string): number {
    const first = term.charCodeAt(0);
    const { firstChars, bounds } = this.rows;
    const at = row * 4;
    if (firstChars[at] !== first && firstChars[at + 1] !== first && firstChars[at + 2] !== first && firstChars[at + 3] !== first) return 0;
    let best = 0;
    for (let f = 0; f < 4; f++) {
      if (firstChars[row * 4 + f] !== first) continue;
      const start = bounds[row * 5 + f] as number;
      const length = (bounds[row * 5 + f + 1] as number) - 1 - start;
      if (length < term.length) continue;
      if (term.length > 1 && !occursAt(this.rows.haystacks[row] as string, term, start)) continue;
      const score = (length === term.length ? EXACT : PREFIX) * 4 + (FIELD_WEIGHT[f] as number);
      if (score > best) best = score;
    }
    return best;
  }

  /**
   * Bounds of restScore for a row that contains word `t` of the prepared query, from the field masks alone: returns
   * the ceiling and leaves the floor in #restLow. The word occurs in one of the fields holding all its characters, so
   * it scores at least a substring in the lowest of them; it can be a word prefix only where its first character
   * begins a word. For one letter both are what the text holds, and the bounds meet.
   */
  restBounds(row: number, t: number): number {
    const { fieldChars, wordStarts } = this.rows;
    const mask = this.#masks[t] as number;
    const first = this.#firstBits[t] as number;
    let high = 0;
    let low = 0;
    for (let f = 0; f < 4; f++) {
      if (((fieldChars[row * 4 + f] as number) & mask) !== mask) continue;
      const wordPrefix = ((wordStarts[row * 4 + f] as number) & first) !== 0;
      const fieldHigh = (wordPrefix ? WORD_PREFIX : SUBSTRING) * 4 + (FIELD_WEIGHT[f] as number);
      if (fieldHigh > high) high = fieldHigh;
      low = SUBSTRING * 4 + (FIELD_WEIGHT[f] as number);
    }
    if (high === 0) {
      // Not a row that contains the word (callers pass matches only): the widest bounds, never wrong.
      this.#restLow = REST_SCORE_MIN;
      return REST_SCORE_MAX;
    }
    this.#restLow = this.#exact[t] ? high : low;
    return high;
  }

  /**
   * Best word-prefix or substring score of word `t` of the prepared query (call when prefixScore is 0; 0 if it does
   * not occur). Fields the masks rule out are not read. With `above`, fields whose best score cannot exceed it are not
   * read either (fields come in decreasing weight), and the result is then only exact when it exceeds `above`.
   */
  restScore(row: number, term: string, t: number, above = -1): number {
    const haystack = this.rows.haystacks[row] as string;
    const { bounds, fieldChars, wordStarts } = this.rows;
    const mask = this.#masks[t] as number;
    const first = this.#firstBits[t] as number;
    let substringField = -1;
    // The first occurrence at or after the start of the field last scanned from: a later field starting before it
    // does not hold the word before it either, so the text between is never scanned twice.
    let at = -1;
    for (let f = 0; f < 4; f++) {
      if (WORD_PREFIX * 4 + (FIELD_WEIGHT[f] as number) <= above) break;
      if (((fieldChars[row * 4 + f] as number) & mask) !== mask) continue;
      const wordPrefix = ((wordStarts[row * 4 + f] as number) & first) !== 0;
      if (!wordPrefix && substringField >= 0) continue; // can only be a substring again, in a lower field
      const start = bounds[row * 5 + f] as number;
      const end = (bounds[row * 5 + f + 1] as number) - 1;
      if (at < start) {
        at = haystack.indexOf(term, start);
        if (at < 0) break; // nowhere from here to the end of the text
      }
      if (at + term.length > end) continue;
      if (wordPrefix && hasWordPrefix(haystack, start, end, term)) return WORD_PREFIX * 4 + (FIELD_WEIGHT[f] as number);
      if (substringField < 0) substringField = f;
    }
    return substringField < 0 ? 0 : SUBSTRING * 4 + (FIELD_WEIGHT[substringField] as number);
  }

  /**
   * The full score of a row for the prepared query (its words `terms`, its whole normalised text `text`). With
   * `above`, a score that cannot exceed it may come back lower than it is (the ranking drops such rows either way).
   */
  fullScore(row: number, text: string, terms: readonly string[], above = -1): number {
    let score = this.exactNameBonus(row, text);
    if (terms.length === 1) {
      const p = this.prefixScore(row, terms[0] as string);
      return score + (p > 0 ? p : this.restScore(row, terms[0] as string, 0, above - score));
    }
    for (let t = 0; t < terms.length; t++) {
      const p = this.prefixScore(row, terms[t] as string);
      score += p > 0 ? p : this.restScore(row, terms[t] as string, t);
    }
    return score;
  }

  /**
   * The cheap bounds of each match's score for the prepared query: the exact-name bonus and prefix matches are known;
   * each other word is bounded by the field masks (restBounds). Fills floor and ceiling (by position in `matches`)
   * and counts the floors in `histogram`.
   */
  bounds(matches: Int32Array, text: string, terms: readonly string[], floor: Int32Array, ceiling: Int32Array, histogram: Int32Array): void {
    const { firstChars } = this.rows;
    const single = terms.length === 1 ? text.charCodeAt(0) : -1;
    for (let i = 0; i < matches.length; i++) {
      const row = matches[i] as number;
      const at = row * 4;
      const noFieldStartsWith = firstChars[at] !== single && firstChars[at + 1] !== single && firstChars[at + 2] !== single && firstChars[at + 3] !== single;
      if (single >= 0 && noFieldStartsWith) {
        // One word, and no field starts with its first character (most rows): no exact name, no prefix match.
        const high = this.restBounds(row, 0);
        floor[i] = this.#restLow;
        ceiling[i] = high;
        histogram[this.#restLow]! += 1;
        continue;
      }
      let low = this.exactNameBonus(row, text);
      let high = low;
      for (let t = 0; t < terms.length; t++) {
        const p = this.prefixScore(row, terms[t] as string);
        if (p > 0) {
          low += p;
          high += p;
        } else {
          high += this.restBounds(row, t);
          low += this.#restLow;
        }
      }
      floor[i] = low;
      ceiling[i] = high;
      histogram[low]! += 1;
    }
  }
}
