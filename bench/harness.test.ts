import { describe, expect, it } from 'vitest';
import { cpuTicks, percentile, stealPercent } from './harness';

describe('benchmark harness', () => {
  it('reads percentiles by nearest rank', () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect([percentile(samples, 50), percentile(samples, 95), percentile(samples, 100)]).toEqual([10, 19, 20]);
  });

  it('gives the share of CPU time stolen between two readings, and none without a reading', () => {
    expect(stealPercent({ steal: 10, total: 1000 }, { steal: 30, total: 1400 })).toBe(5);
    expect(stealPercent(null, { steal: 30, total: 1400 })).toBeNull();
    expect(stealPercent({ steal: 10, total: 1000 }, { steal: 10, total: 1000 })).toBeNull();
    const now = cpuTicks();
    if (now) expect(now.total).toBeGreaterThanOrEqual(now.steal);
  });
});
