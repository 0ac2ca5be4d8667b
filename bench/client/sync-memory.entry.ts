// B8's measured process: the desktop services as the production main bundle carries them (built by
// sync.bench.ts with main/vite.config.ts, run by plain Node without tsx; the crypto workers are the bundled
// crypto.worker.cjs). Signs in, syncs 10,000 resources from the server, locks, unlocks from the cache, searches
// once, then reports RSS on stdout, at once and once the crypto threads have stopped for idleness (the state the vault
// spends most of its unlocked time in). Electron's own baseline comes on top in the real app. Like main/index.ts, it
// caps V8's young generation first.
import { existsSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { DEFAULT_IDLE_STOP_MS } from '../../main/crypto/worker-pool';
import { MemoryKeychain } from '../../main/keychain/memory-keychain';
import { PassphrasePolicyService } from '../../main/services/passphrase-policy.service';
import { SearchIndex } from '../../main/services/search/search.service';
import { capYoungGeneration } from '../../main/electron/young-generation';
import { createDesktopMachine } from '../../main/services/test-support/desktop-machine';

export interface MemoryChildInput { serverUrl: string; userId: string; armoredPrivateKey: string; passphrase: string }
export interface MemoryChildReport {
  /** Right after the unlock and first search. */
  rssAtUnlockMb: number;
  /** Unlocked and idle, after the crypto threads stopped (DEFAULT_IDLE_STOP_MS after their last work, plus 5 s). */
  rssMb: number;
  /** Crypto threads running right after the unlock, and when idle. */
  threadsAtUnlock: number;
  threadsIdle: number;
  heapUsedMb: number;
  resources: number;
}

/** With TESSERA_B8_TRACE set, the memory after each step goes to stderr (to see where RSS comes from). */
function trace(step: string): void {
  if (!process.env.TESSERA_B8_TRACE) return;
  (globalThis as { gc?: () => void }).gc?.();
  const mb = Object.entries(process.memoryUsage()).map(([k, v]) => `${k} ${Math.round(v / 2 ** 20)}`).join(', ');
  // Linux: how much of the RSS is anonymous memory (heaps, stacks) rather than shared code pages.
  const anonymous = existsSync('/proc/self/smaps_rollup') ? /^Anonymous:\s+(\d+)/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'))?.[1] : undefined;
  const spaces = getHeapSpaceStatistics().filter((s) => s.space_size >= 2 ** 20).map((s) => `${s.space_name} ${Math.round(s.space_size / 2 ** 20)}`).join(', ');
  process.stderr.write(`${step}: ${mb} MB${anonymous ? `, anonymous ${Math.round(Number(anonymous) / 1024)} MB` : ''}; heap spaces ${spaces} MB\n`);
}

async function main(input: MemoryChildInput): Promise<MemoryChildReport> {
  capYoungGeneration();
  const machine = createDesktopMachine({
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }),
    createIndex: () => new SearchIndex(), keychain: new MemoryKeychain(),
  });
  try {
    trace('services built');
    const { account } = await machine.accounts.importAccount({ ...input });
    trace('account imported');
    await machine.session.unlock(account.id, input.passphrase);
    trace('unlocked, empty cache');
    await machine.sync.sync();
    trace('synced');
    machine.session.lock();
    trace('locked');
    const { resourceCount } = await machine.session.unlock(account.id, input.passphrase);
    trace('unlocked from cache');
    machine.vault.list({ search: 'res-00', limit: 50 });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rssAtUnlockMb = process.memoryUsage().rss / 2 ** 20;
    const threadsAtUnlock = machine.pool.runningThreads;
    trace('searched');
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_IDLE_STOP_MS + 5000));
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    trace('idle');
    return {
      rssAtUnlockMb, rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20, resources: resourceCount, threadsAtUnlock, threadsIdle: machine.pool.runningThreads,
    };
  } finally {
    await machine.close();
  }
}

const input = process.env.TESSERA_SYNC_MEMORY_CHILD;
if (!input) throw new Error('TESSERA_SYNC_MEMORY_CHILD is not set');
main(JSON.parse(input) as MemoryChildInput).then(
  (report) => { process.stdout.write(`MEMORY ${JSON.stringify(report)}\n`); process.exit(0); },
  (err: unknown) => { process.stderr.write(`${String(err)}\n`); process.exit(1); },
);
