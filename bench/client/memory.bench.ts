// Memory of the desktop core with 10,000 (target <= 250 MB RSS) and 100,000 (<= 400 MB) resources
// unlocked: sealed cache open, all resource rows loaded, search index built, private key unlocked, one search done.
// Each size runs in a fresh Node process (this same file, started with TESSERA_MEMORY_CHILD=<count>), so one
// measurement does not inherit the other's heap. This is plain Node: Electron's own baseline (~60-100 MB for its
// processes, security-and-performance.md) comes on top in the real app.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchResult } from '../harness';
import { AccountCache } from '../../main/cache/account-cache';
import { OpenPgpService } from '../../main/crypto/openpgp.service';
import { SearchIndex, type SearchableResource } from '../../main/services/search/search.service';
import { generateResources } from './search-data';

type Types = { resources: SearchableResource & { id: string }; users: { id: string }; groups: { id: string }; permissions: { id: string; resourceId: string }; secrets: { resourceId: string } };

interface ChildReport { rssMb: number; heapUsedMb: number; resources: number }

const PASSPHRASE = 'memory bench';

/** Child 1: writes the sealed cache (its garbage must not count, hence its own process). */
async function setup(path: string, deviceKey: Buffer, count: number): Promise<void> {
  const pgp = new OpenPgpService();
  const pair = await pgp.generateKeyPair({ name: 'Mem', email: 'mem@example.com', passphrase: PASSPHRASE });
  const cache = AccountCache.open<Types>(path, deviceKey);
  for (let start = 0; start < count; start += 10_000) {
    cache.resources.upsert(generateResources(Math.min(10_000, count - start), start + 1).map((r, i) => ({ ...r, id: `${start + i}-${r.id}` })));
  }
  cache.meta.set('private-key', pair.armoredPrivateKey);
  cache.close();
}

/** Child 2: the unlocked state as the app holds it: records kept, index built, key unlocked, cache open. */
async function measure(path: string, deviceKey: Buffer): Promise<ChildReport> {
  const cache = AccountCache.open<Types>(path, deviceKey);
  const me = await new OpenPgpService().unlockPrivateKey(cache.meta.get('private-key') as string, PASSPHRASE);
  const records = cache.resources.list(); // the session keeps the decrypted records for the UI
  const index = new SearchIndex();
  index.replaceAll(records);
  index.query({ text: 'git', limit: 50 });
  globalThis.gc?.();
  const usage = process.memoryUsage();
  const report = { rssMb: usage.rss / 2 ** 20, heapUsedMb: usage.heapUsed / 2 ** 20, resources: Math.min(records.length, index.size) };
  me.wipe();
  cache.close();
  return report;
}

const role = process.env.TESSERA_MEMORY_CHILD;
if (role) {
  const deviceKey = Buffer.from(process.env.TESSERA_MEMORY_KEY as string, 'hex');
  const path = process.env.TESSERA_MEMORY_DB as string;
  if (role === 'measure') process.stdout.write(JSON.stringify(await measure(path, deviceKey)));
  else if (role === 'baseline') {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    process.stdout.write(JSON.stringify({ rssMb: usage.rss / 2 ** 20, heapUsedMb: usage.heapUsed / 2 ** 20, resources: 0 }));
  } else await setup(path, deviceKey, Number(role));
  process.exit(0);
}

const bench: Benchmark = async () => {
  const results: BenchResult[] = [];
  const self = fileURLToPath(import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'tessera-memory-bench-'));
  try {
    const baseline = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
      env: { ...process.env, TESSERA_MEMORY_CHILD: 'baseline', TESSERA_MEMORY_KEY: '', TESSERA_MEMORY_DB: '' }, encoding: 'utf8',
    })) as ChildReport;
    results.push({ scenario: 'baseline: Node + tsx + these modules loaded, nothing unlocked', metric: 'RSS', value: baseline.rssMb, unit: 'MB' });
    for (const [count, target] of [[10_000, 250], [100_000, 400]] as const) {
      const env = { ...process.env, TESSERA_MEMORY_KEY: randomBytes(32).toString('hex'), TESSERA_MEMORY_DB: join(dir, `${count}.db`) };
      const run = (role: string): string => execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
        env: { ...env, TESSERA_MEMORY_CHILD: role }, encoding: 'utf8', timeout: 300_000,
      });
      run(String(count));
      const report = JSON.parse(run('measure')) as ChildReport;
      if (report.resources !== count) throw new Error(`expected ${count} resources, got ${report.resources}`);
      const label = `${count.toLocaleString('en')} resources unlocked (records + index + key + open cache), Node process`;
      results.push({ scenario: label, metric: 'RSS', value: report.rssMb, unit: 'MB', target: { op: '<=', value: target } });
      results.push({ scenario: label, metric: 'JS heap used', value: report.heapUsedMb, unit: 'MB' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
};
export default bench;
