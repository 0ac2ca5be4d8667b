// The index's rows in name order (normalised name, then id), kept sorted through upserts and removals by binary
// search and a block move, so queries collect matches already in name order and never compare strings to rank them.
import type { SearchRows } from './search-rows';

export class NameOrder {
  #rows: Int32Array = new Int32Array(0);
  #size = 0;

  constructor(private readonly store: SearchRows) {}

  get size(): number {
    return this.#size;
  }

  /** The rows in name order (a view: valid until the next change). */
  view(): Int32Array {
    return this.#rows.subarray(0, this.#size);
  }

  /** Replaces the order with `rows`, which the caller has sorted. */
  assign(rows: Int32Array): void {
    this.#rows = rows;
    this.#size = rows.length;
  }

  insert(row: number): void {
    if (this.#size === this.#rows.length) {
      const grown = new Int32Array(Math.max(1024, this.#size * 2));
      grown.set(this.#rows);
      this.#rows = grown;
    }
    const at = this.#position(row);
    this.#rows.copyWithin(at + 1, at, this.#size);
    this.#rows[at] = row;
    this.#size++;
  }

  /** Removes `row`; call before the row's name or id changes (its position is found by them). */
  remove(row: number): void {
    let at = this.#position(row);
    if (this.#rows[at] !== row) at = this.view().indexOf(row); // defensive: order was disturbed
    if (at < 0) return;
    this.#rows.copyWithin(at, at + 1, this.#size);
    this.#size--;
  }

  clear(): void {
    this.#rows = new Int32Array(0);
    this.#size = 0;
  }

  /** First position whose row does not come before `row`. */
  #position(row: number): number {
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.store.compareByName(this.#rows[mid] as number, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
