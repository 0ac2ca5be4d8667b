// How well one query word matches one resource (the ranking documented in search.service.ts), over SearchRows.
// Score of a word: kind x 4 + field weight, kinds exact 4 > prefix 3 > word prefix 2 > substring 1, fields name 3 >
// username 2 > uri 1 > description 0. Any prefix match (exact included) outranks every word-prefix or substring
// match, so the cheap prefix checks come first and the string scans only where they can still change the ranking.
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

/** True when `code` is an ASCII letter or digit (lowercase or uppercase). */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when the character before `at` does not continue a word (start, space, punctuation). */
function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  const code = text.charCodeAt(at - 1);
  if (code < 128) return !isAsciiAlphanumeric(code);
  return !LETTER_OR_DIGIT.test(text[at - 1] as string);
}

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
  constructor(private readonly rows: SearchRows) {}

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
   * Best word-prefix or substring score of `term` (call when prefixScore is 0; 0 if the term does not occur). With
   * `above`, fields whose best score cannot exceed it are not read (fields come in decreasing weight), and the result
   * is then only exact when it exceeds `above`: a word in every row (one letter, "login") otherwise scans every field
   * of every row.
   */
  restScore(row: number, term: string, above = -1): number {
    const haystack = this.rows.haystacks[row] as string;
    const { bounds } = this.rows;
    let substringField = -1;
    for (let f = 0; f < 4; f++) {
      if (WORD_PREFIX * 4 + (FIELD_WEIGHT[f] as number) <= above) break;
      const start = bounds[row * 5 + f] as number;
      const end = (bounds[row * 5 + f + 1] as number) - 1;
      const at = haystack.indexOf(term, start);
      if (at < 0 || at + term.length > end) continue;
      if (hasWordPrefix(haystack, start, end, term)) return WORD_PREFIX * 4 + (FIELD_WEIGHT[f] as number);
      if (substringField < 0) substringField = f;
    }
    return substringField < 0 ? 0 : SUBSTRING * 4 + (FIELD_WEIGHT[substringField] as number);
  }

  /**
   * The full score of a row for a query (its words `terms`, its whole normalised text `text`). With `above`, a score
   * that cannot exceed it may come back lower than it is (the ranking drops such rows either way).
   */
  fullScore(row: number, text: string, terms: readonly string[], above = -1): number {
    let score = this.exactNameBonus(row, text);
    if (terms.length === 1) {
      const p = this.prefixScore(row, terms[0] as string);
      return score + (p > 0 ? p : this.restScore(row, terms[0] as string, above - score));
    }
    for (const term of terms) {
      const p = this.prefixScore(row, term);
      score += p > 0 ? p : this.restScore(row, term);
    }
    return score;
  }

  /**
   * The cheap bounds of each match's score: the exact-name bonus and prefix matches are known; each other word scores
   * between a substring in the description and a word prefix in the name. Fills floor and ceiling (by position in
   * `matches`) and counts the floors in `histogram`.
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
        floor[i] = REST_SCORE_MIN;
        ceiling[i] = REST_SCORE_MAX;
        histogram[REST_SCORE_MIN]! += 1;
        continue;
      }
      let known = this.exactNameBonus(row, text);
      let pending = 0;
      for (let t = 0; t < terms.length; t++) {
        const p = this.prefixScore(row, terms[t] as string);
        known += p;
        if (p === 0) pending++;
      }
      floor[i] = known + pending * REST_SCORE_MIN;
      ceiling[i] = known + pending * REST_SCORE_MAX;
      histogram[floor[i] as number]! += 1;
    }
  }
}
