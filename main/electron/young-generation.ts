// The main process is long-lived and mostly idle, but a sync or an unlock allocates in bursts, and V8 answers a
// burst by doubling its young generation up to 64 MB and keeping those pages resident afterwards: at 10,000
// resources that was some 60 MB of RSS holding nothing. V8 reads its size limits only when the heap is created,
// which for Electron's main process is before any of our code runs, but it reads the growth factor at each
// resize, so once the young generation has reached the cap we stop it growing. Scavenges in a 16 MB young
// generation stay cheap (sync and search measured no slower in bench/client/sync-scale.bench.ts).
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The young generation (both halves) stops growing at this size, or at the doubling that first passes it. Sizes are
 * seen between tasks (GC observers do not run inside one), so a single task that allocates tens of megabytes without
 * yielding can double it once more before the cap applies.
 */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 2 ** 20;

export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Lets the young generation grow until it reaches `cap`, then no further (for the rest of the process, main thread
 * and workers started later alike). Sizes are read after each garbage collection until then.
 */
export function capYoungGeneration(cap = YOUNG_GENERATION_CAP_BYTES): void {
  const stopGrowing = (): void => setFlagsFromString('--semi-space-growth-factor=1');
  if (youngGenerationBytes() >= cap) {
    stopGrowing();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (youngGenerationBytes() < cap) return;
    stopGrowing();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
