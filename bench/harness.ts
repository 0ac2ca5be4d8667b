// Shared shape and helpers for benchmarks. Each `bench/**/<name>.bench.ts` default-exports a function that
// returns its measured results; `npm run bench` runs them all and prints a table (see run.ts).
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchResult {
  /** Scenario label, e.g. "GET /resources.json, 10k visible (sqlite)". */
  scenario: string;
  /** What was measured, e.g. "p95", "req/s", "RSS". */
  metric: string;
  value: number;
  unit: string;
  /** The target for this metric, if it has one. */
  target?: { op: '<=' | '>='; value: number };
}

export type Benchmark = () => Promise<BenchResult[]>;

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Runs `fn` `iterations` times after `warmup` unmeasured runs; returns the durations in milliseconds. */
export async function sample(fn: () => unknown, iterations: number, warmup = Math.min(10, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function meets(result: BenchResult): boolean | undefined {
  if (!result.target) return undefined;
  return result.target.op === '<=' ? result.value <= result.target.value : result.value >= result.target.value;
}

/**
 * CPU time (user + system, ms) another process has used so far, from /proc (Linux only: throws elsewhere). The
 * machine running these benchmarks is shared, so wall-clock figures include time a process spent waiting for a
 * core; CPU time does not, and 1000 / (CPU ms per request) is what one dedicated core would serve.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the command name may contain ") "
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks of 10 ms (USER_HZ 100)
}

/** The machine's CPU time counters so far (clock ticks, all CPUs): steal and the total, from /proc/stat. */
export interface CpuTicks { steal: number; total: number }

export function cpuTicks(): CpuTicks | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already inside user.
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/**
 * The share of CPU time the hypervisor gave to other guests between two readings (percent). On the shared build
 * machine steal comes in bursts, and a run with several percent of it is slower across the board.
 */
export function stealPercent(from: CpuTicks | null, to: CpuTicks | null): number | null {
  if (!from || !to || to.total <= from.total) return null;
  return (100 * (to.steal - from.steal)) / (to.total - from.total);
}

let fullCollection: (() => void) | undefined;

/**
 * A full garbage collection now, so that what earlier phases of a benchmark left to collect is not paid during the
 * next phase's measurements. `npm run bench` does not start Node with --expose-gc; the flag still gives a new context
 * its `gc` function.
 */
export function collectGarbage(): void {
  if (!fullCollection) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  fullCollection();
}
