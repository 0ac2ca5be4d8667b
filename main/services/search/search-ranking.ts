// Puts a query's matches (rows in name order) in result order without comparing strings: relevance buckets rows
// by score, keeping name order inside a bucket; name order is the matches' own order; modified sorts numeric keys.
import type { SearchRows } from './search-rows';
import { EXACT_NAME_BONUS, Scorer, WORD_SCORE_MAX } from './search-scoring';

export type SearchSort = 'relevance' | 'name' | 'modified';

const POS_BITS = 2 ** 21; // up to 2 million resources
const PACKED_SEC_MAX = 2 ** 32 - 1; // year 2106: (PACKED_SEC_MAX - sec) * POS_BITS + position stays exact in a double

export function idsOf(rows: SearchRows, matches: Int32Array, max: number): string[] {
  return Array.from(matches.subarray(0, max), (row) => rows.ids[row] as string);
}

/** Newest first; equal dates in name order (the matches' order). */
export function byModified(rows: SearchRows, matches: Int32Array, max: number): string[] {
  const secs = Float64Array.from(matches, (row) => rows.modifiedSec(row));
  let positions: ArrayLike<number>;
  if (matches.length <= POS_BITS && secs.every((sec) => sec <= PACKED_SEC_MAX)) {
    // One native numeric sort of packed (date, position) keys instead of a comparator called n log n times.
    const keys = secs.map((sec, i) => (PACKED_SEC_MAX - sec) * POS_BITS + i).sort();
    positions = keys.map((k) => k % POS_BITS);
  } else {
    positions = Array.from(secs.keys()).sort((a, b) => (secs[b] as number) - (secs[a] as number) || a - b);
  }
  return Array.from({ length: max }, (_, i) => rows.ids[matches[positions[i] as number] as number] as string);
}

/**
 * Tracks how many results of each score are held; `cutoff` is the score a later row must exceed to get into the best
 * `max` (later rows come later in name order, so they lose ties). -1 until `max` results are held.
 */
class RankCutoff {
  readonly #held: Int32Array;
  #count = 0;
  cutoff = -1;

  constructor(private readonly max: number, topScore: number) {
    this.#held = new Int32Array(topScore + 1);
  }

  add(score: number): void {
    this.#held[score]! += 1;
    if (++this.#count < this.max) return;
    for (let s = this.#held.length - 1, seen = 0; s >= 0; s--) {
      seen += this.#held[s] as number;
      if (seen >= this.max) {
        this.cutoff = s;
        return;
      }
    }
  }
}

/**
 * The best `max` matches by relevance. Pass 1, cheap: each row's score is bounded by its exact-name bonus, prefix
 * matches and field masks (Scorer.bounds). Pass 2 computes full scores only for rows whose ceiling can still reach the results, and
 * buckets them by score; inside a bucket rows stay in name order (the order of `matches`), at most `max` of them.
 */
export class RelevanceRanker {
  readonly #scorer: Scorer;
  #floor = new Int32Array(0);
  #ceiling = new Int32Array(0);

  constructor(private readonly rows: SearchRows) {
    this.#scorer = new Scorer(rows);
  }

  rank(matches: Int32Array, text: string, terms: readonly string[], max: number): string[] {
    const topScore = EXACT_NAME_BONUS + terms.length * WORD_SCORE_MAX;
    this.#scorer.prepare(terms);
    const threshold = this.#bound(matches, text, terms, max, topScore);
    const buckets: string[][] = Array.from({ length: topScore + 1 }, () => []);
    const ranked = new RankCutoff(max, topScore);
    const { ids } = this.rows;
    const floor = this.#floor;
    const ceiling = this.#ceiling;
    for (let i = 0; i < matches.length; i++) {
      const high = ceiling[i] as number;
      if (high < threshold || high <= ranked.cutoff) continue;
      const row = matches[i] as number;
      const score = floor[i] === high ? high : this.#scorer.fullScore(row, text, terms, ranked.cutoff);
      if (score <= ranked.cutoff) continue;
      const bucket = buckets[score] as string[];
      if (bucket.length < max) {
        bucket.push(ids[row] as string);
        ranked.add(score);
      }
    }
    return buckets.reverse().flat().slice(0, max);
  }

  /** Pass 1: fills floor and ceiling; returns the max-th best floor (a row whose ceiling is below cannot make it). */
  #bound(matches: Int32Array, text: string, terms: readonly string[], max: number, topScore: number): number {
    if (this.#floor.length < matches.length) {
      // Scratch space kept between keystrokes: allocating it per query fed the garbage collector.
      this.#floor = new Int32Array(matches.length * 2);
      this.#ceiling = new Int32Array(matches.length * 2);
    }
    const histogram = new Int32Array(topScore + 1);
    this.#scorer.bounds(matches, text, terms, this.#floor, this.#ceiling, histogram);
    for (let score = topScore, seen = 0; score >= 0; score--) {
      seen += histogram[score] as number;
      if (seen >= max) return score;
    }
    return -1;
  }
}
