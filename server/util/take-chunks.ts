// A long array handed on a chunk at a time, each chunk cleared from the array as it is taken, so that once its
// consumer is done with a chunk nothing keeps its objects alive (a whole list of 100,000 rows or items).

/** Yields `items` `size` at a time; the array is consumed (each chunk's slots are set to undefined as it is taken). */
export function* takeChunks<T>(items: (T | undefined)[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    const end = Math.min(items.length, start + size);
    const chunk = items.slice(start, end) as T[];
    items.fill(undefined, start, end);
    yield chunk;
  }
}
