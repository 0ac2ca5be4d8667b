// bulk.progress for one operation: throttled counts, the last always sent, `sending` once all is counted, and the
// current state again whenever the operation went quiet, so the window hears from it at least every 250 ms.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../common/ipc';
import { HEARTBEAT_MS, startBulkProgress } from './bulk-progress';

type Progress = EventPayload<'bulk.progress'>;

function recorder(): { events: { publish<E extends EventName>(event: E, payload: EventPayload<E>): void }; seen: Array<{ at: number; p: Progress }> } {
  const seen: Array<{ at: number; p: Progress }> = [];
  return {
    seen,
    events: {
      publish(event, payload) {
        if (event === 'bulk.progress') seen.push({ at: Date.now(), p: payload as Progress });
      },
    },
  };
}

describe('startBulkProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says at once that the operation is preparing, then throttles the counts and always sends the last', () => {
    const { events, seen } = recorder();
    const progress = startBulkProgress(events, 'op-1');
    expect(seen.map((s) => s.p)).toEqual([{ operationId: 'op-1', phase: 'preparing', done: 0, total: 0 }]);
    vi.advanceTimersByTime(20);
    progress.onProgress(0, 100);
    progress.onProgress(8, 100);
    expect(seen).toHaveLength(1); // within the interval: held back
    vi.advanceTimersByTime(90); // the latest count goes out when the interval is over
    progress.onProgress(16, 100);
    progress.onProgress(100, 100);
    progress.stop();
    expect(seen.map((s) => `${s.p.phase} ${s.p.done}/${s.p.total}`)).toEqual(['preparing 0/0', 'encrypting 8/100', 'sending 100/100']);
  });

  it('repeats the current state while nothing new comes, and stops when the operation ends', () => {
    const { events, seen } = recorder();
    const start = Date.now();
    const progress = startBulkProgress(events, 'op-2');
    vi.advanceTimersByTime(1000); // reading the group and the dry run
    progress.onProgress(0, 10);
    vi.advanceTimersByTime(1000); // a slow first batch
    progress.onProgress(10, 10);
    vi.advanceTimersByTime(1000); // the request with the secrets
    progress.stop();
    const at = [start, ...seen.map((s) => s.at), Date.now()];
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(HEARTBEAT_MS + 25);
    expect(seen.filter((s) => s.at < start + 1000).every((s) => s.p.phase === 'preparing')).toBe(true);
    expect(seen.filter((s) => s.at > start + 2000).every((s) => s.p.phase === 'sending' && s.p.done === 10)).toBe(true);
    const count = seen.length;
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveLength(count);
  });
});
