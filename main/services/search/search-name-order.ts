// The index's rows in name order (normalised name, then id), kept sorted through upserts and removals, so queries
// collect matches already in name order and never compare strings to rank them. Changes are applied a batch at a
// time: one compaction pass for the removed rows and one merge for the added ones, O(n + k log n) for k changes
// (row by row, each insertion would move the whole array: seconds for a 100,000-resource sync).
import type { SearchRows } from './search-rows';

export class NameOrder {
  #rows: Int32Array = new Int32Array(0);

  constructor(private readonly store: SearchRows) {}

  get size(): number {
    return this.#rows.length;
  }

  /** The rows in name order (replaced, not changed, by later calls). */
  view(): Int32Array {
    return this.#rows;
  }

  /** Replaces the order with `rows`, which the caller has sorted. */
  assign(rows: Int32Array): void {
    this.#rows = rows;
  }

  /** Removes rows; works by row number, so the rows' data may already have changed. */
  removeMany(rows: ReadonlySet<number>): void {
    if (rows.size === 0) return;
    const current = this.#rows;
    let highest = 0;
    for (const row of rows) highest = Math.max(highest, row);
    const marked = new Uint8Array(highest + 1);
    for (const row of rows) marked[row] = 1;
    let present = 0;
    for (let i = 0; i < current.length; i++) if ((current[i] as number) <= highest && marked[current[i] as number] === 1) present++;
    const kept = new Int32Array(current.length - present);
    let n = 0;
    for (let i = 0; i < current.length; i++) {
      const row = current[i] as number;
      if (row > highest || marked[row] === 0) kept[n++] = row;
    }
    this.#rows = kept;
  }

  /** Adds rows that are not in the order (each once): binary search for each, block copies in between. */
  insertMany(rows: Iterable<number>): void {
    const added = Int32Array.from(rows).sort((a, b) => this.store.compareByName(a, b));
    if (added.length === 0) return;
    const current = this.#rows;
    const merged = new Int32Array(current.length + added.length);
    let from = 0;
    for (let j = 0; j < added.length; j++) {
      const row = added[j] as number;
      const at = this.#position(current, from, row);
      merged.set(current.subarray(from, at), from + j);
      merged[at + j] = row;
      from = at;
    }
    merged.set(current.subarray(from), from + added.length);
    this.#rows = merged;
  }

  /** First position in sorted[from..] whose row does not come before `row`. */
  #position(sorted: Int32Array, from: number, row: number): number {
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.store.compareByName(sorted[mid] as number, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clear(): void {
    this.#rows = new Int32Array(0);
  }
}
