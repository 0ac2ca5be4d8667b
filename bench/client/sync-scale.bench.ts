// How the sync path grows with the vault: 1,000, 10,000 and 100,000 resources visible to one user (half owned,
// half read through a group, created one second apart as a vault built over time), on SQLite and on PostgreSQL.
// A real server process, the real desktop services, loopback HTTP. For each size:
//   - initial sync to searchable: empty cache to the last resource found by search (and to the first page shown);
//   - one sync page of 1,000 as the full sync asks for it, to its last byte: the first page (which carries the
//     count) and every continued page (p50, p95), with the server's CPU per page;
//   - the full list (no limit, the caller's permission and favorite), to its last byte;
//   (those two from a client process of their own, which holds no vault: server-timing.entry.ts)
//   - an incremental sync with 100 resources changed on the server;
//   - quick-search keystrokes on the synced vault (main-thread CPU time per keystroke, p99; process CPU and wall too);
//   - RSS of the desktop services as bundled for the main process right after an unlock from the cache (SQLite run).
// Each figure is printed with its growth factor from the previous size. TESSERA_BENCH_SKIP_100K=1 stops at 10,000;
// TESSERA_BENCH_DIALECT=sqlite|postgres runs one database.
import { sql } from 'kysely';
import { collectGarbage, cpuTicks, percentile, processCpuMs, stealPercent, type BenchResult } from '../harness';
import { login, seedGroup, seedUser, type SeededUser } from '../server/fixtures';
import { seedResources } from '../server/seed';
import { readKey, readPrivateKey, decryptKey } from 'openpgp';
import { startPostgres, type PostgresHandle } from '../../test-support/postgres';
import { dialects, type TestDatabase } from '../../server/test-support/databases';
import { startServerProcess, type ServerProcess } from '../../server/test-support/server-process';
import { openDatabase, type OpenDatabase } from '../../server/storage/database';
import { MemoryKeychain } from '../../main/keychain/memory-keychain';
import { OpenPgpService } from '../../main/crypto/openpgp.service';
import { PassphrasePolicyService } from '../../main/services/passphrase-policy.service';
import { SearchIndex } from '../../main/services/search/search.service';
import { createDesktopMachine, type DesktopMachine } from '../../main/services/test-support/desktop-machine';
import { keystrokeSessions } from './search-data';
import { bundledMemoryChild } from './sync-memory';
import { timeServer } from './server-timing';

const SIZES = process.env.TESSERA_BENCH_SKIP_100K === '1' ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const PAGE = 1000;
const MIN_PAGE_SAMPLES = 100;
const SYNC_QUERY = 'contain[permission]=1&contain[favorite]=1&contain[permissions]=1&sort=Resources.created&direction=asc&limit=1000';
const FULL_LIST = '/resources.json?contain[permission]=1&contain[favorite]=1';
const CREATED_FROM = Date.UTC(2024, 0, 1);
const PASSPHRASE = 'benchmark passphrase with enough entropy 2026';

/** Targets at 10,000 and at 100,000 (none at 1,000), and the most a figure may grow from 10,000 to 100,000. */
interface Measure { key: string; scenario: string; metric: string; unit: string; target?: [number, number]; maxGrowth?: number }

const MEASURES: Measure[] = [
  { key: 'initial', scenario: 'initial sync to searchable (last resource found)', metric: 'p50', unit: 'ms', target: [2000, 15000], maxGrowth: 11 },
  { key: 'firstShown', scenario: 'initial sync, first page shown and searchable', metric: 'p50', unit: 'ms' },
  { key: 'pageFirst', scenario: 'sync page 1 (1,000, with the count), to last byte', metric: 'median', unit: 'ms', target: [150, 150] },
  { key: 'page50', scenario: 'sync page of 1,000 continued, to last byte', metric: 'p50', unit: 'ms', target: [150, 150], maxGrowth: 1.2 },
  { key: 'page95', scenario: 'sync page of 1,000 continued, to last byte', metric: 'p95', unit: 'ms', target: [150, 150], maxGrowth: 1.2 },
  { key: 'pageCpu', scenario: 'sync page of 1,000, server CPU per page (all pages)', metric: 'mean', unit: 'ms', maxGrowth: 1.2 },
  { key: 'full95', scenario: 'full list (permission, favorite), to last byte', metric: 'p95', unit: 'ms', target: [300, 3000], maxGrowth: 11 },
  { key: 'incremental', scenario: 'incremental sync, 100 changed', metric: 'p50', unit: 'ms', target: [300, 300] },
  { key: 'keystroke', scenario: 'search keystroke on the synced vault, compute (main thread CPU)', metric: 'p99', unit: 'ms', target: [5, 16] },
  { key: 'keystrokeProcess', scenario: 'search keystroke, process CPU (with concurrent GC threads)', metric: 'p99', unit: 'ms' },
  { key: 'keystrokeWall', scenario: 'search keystroke, wall time', metric: 'p99', unit: 'ms' },
  { key: 'rss', scenario: 'desktop services bundled, RSS right after unlock from cache', metric: 'RSS', unit: 'MB', target: [250, 600], maxGrowth: 11 },
];

type Figures = Map<number, Record<string, number>>;

const median = (xs: number[]) => percentile(xs, 50);

interface Env {
  server: ServerProcess;
  store: OpenDatabase;
  machine: DesktopMachine;
  user: SeededUser;
  owner: SeededUser;
  groupId: string;
  accountId: string;
  armoredPrivateKey: string;
}

async function startEnv(target: TestDatabase): Promise<Env> {
  const server = await startServerProcess({ db: target.url, env: { TESSERA_LOG_LEVEL: 'warn' } });
  const store = openDatabase(target.url);
  const pair = await new OpenPgpService().generateKeyPair({ name: 'Bench User', email: 'bench@example.com', passphrase: PASSPHRASE });
  const privateKey = await decryptKey({ privateKey: await readPrivateKey({ armoredKey: pair.armoredPrivateKey }), passphrase: PASSPHRASE });
  const user = await seedUser(store.db, { role: 'admin', username: 'bench@example.com', keys: { privateKey, publicKey: await readKey({ armoredKey: pair.armoredPublicKey }) } });
  const owner = await seedUser(store.db);
  const groupId = await seedGroup(store.db, 'Everyone', [owner.id], [user.id]);
  const machine = createDesktopMachine({
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }),
    createIndex: () => new SearchIndex(), keychain: new MemoryKeychain(),
  });
  const { account } = await machine.accounts.importAccount({ serverUrl: server.url, armoredPrivateKey: pair.armoredPrivateKey, passphrase: PASSPHRASE, userId: user.id });
  return { server, store, machine, user, owner, groupId, accountId: account.id, armoredPrivateKey: pair.armoredPrivateKey };
}

/** Grows the server's data to `size` resources for the user: half owned, half through the group. */
async function growTo(env: Env, dialect: string, from: number, size: number): Promise<void> {
  const half = (size - from) / 2;
  await seedResources(env.store.db, { count: half, ownerId: env.user.id, secretFor: new Map(), grants: [], firstIndex: from,
    createdFrom: CREATED_FROM + from * 1000 });
  await seedResources(env.store.db, { count: half, ownerId: env.owner.id, secretFor: new Map(), grants: [{ aro: 'Group', id: env.groupId, type: 1 }],
    firstIndex: from + half, createdFrom: CREATED_FROM + (from + half) * 1000 });
  // What autovacuum does within a minute of such a load on a running PostgreSQL (statistics, visibility map).
  if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(env.store.db);
}

async function measureSize(env: Env, size: number, memory: ((size: number) => number) | null): Promise<Record<string, number>> {
  const { machine } = env;
  const out: Record<string, number> = {};
  const last = `res-${String(size - 1).padStart(6, '0')}`;

  // Initial sync, from an empty cache each time.
  let firstChangedAt = 0;
  const push = machine.events.push;
  machine.events.push = (...items) => {
    if (firstChangedAt === 0 && items.some((e) => e.event === 'vault.changed')) firstChangedAt = performance.now();
    return push.apply(machine.events, items);
  };
  const initial: number[] = [];
  const firstShown: number[] = [];
  for (let run = 0; run < (size >= 100_000 ? 2 : 3); run++) {
    const emptied = machine.session.current();
    emptied.applyResources({ removals: [...emptied.resources.keys()] });
    emptied.deleteSetting('sync.state');
    machine.session.lock();
    await machine.session.unlock(env.accountId, PASSPHRASE);
    collectGarbage();
    firstChangedAt = 0;
    const t0 = performance.now();
    const report = await machine.sync.sync();
    const hits = machine.vault.list({ search: last, limit: 50 });
    initial.push(performance.now() - t0);
    firstShown.push(firstChangedAt - t0);
    if (report.total !== size || hits.length !== 1) throw new Error(`unexpected sync: ${report.total} of ${size}, ${hits.length} hits`);
  }
  machine.events.push = push;
  out.initial = median(initial);
  out.firstShown = median(firstShown);

  // Sync pages as the desktop asks for them, timed to the last byte, and the server's CPU per request over the walk.
  // Timed from a process of their own (server-timing.entry.ts): this one holds the synced vault, whose collections
  // would land inside the timings.
  const { token } = await login(env.server.url, env.user);
  if (!token) throw new Error('login gave no token');
  const timing = { baseUrl: env.server.url, token };
  out.pageFirst = median((await timeServer({ ...timing, mode: 'repeat', path: `/resources.json?${SYNC_QUERY}&page=1`, times: 3 })).ms);
  // The whole list is walked as many times as it takes to time at least MIN_PAGE_SAMPLES continued pages, so that
  // p50 and p95 rest on as many samples at 10,000 (10 pages a walk) as at 100,000 (100).
  const cpu0 = processCpuMs(env.server.child.pid!);
  const walked = await timeServer({ ...timing, mode: 'walk', query: SYNC_QUERY, pageSize: PAGE, minSamples: MIN_PAGE_SAMPLES });
  out.pageCpu = (processCpuMs(env.server.child.pid!) - cpu0) / walked.requests;
  out.page50 = walked.ms.length > 0 ? percentile(walked.ms, 50) : NaN;
  out.page95 = walked.ms.length > 0 ? percentile(walked.ms, 95) : NaN;

  // The whole list in one answer: checked whole once, then timed often enough that its p95 is not just the slowest
  // of a handful.
  const full = await timeServer({ ...timing, mode: 'whole', path: FULL_LIST, times: size >= 100_000 ? 6 : 20, expect: size });
  out.full95 = percentile(full.ms, 95);

  // Incremental: 100 resources changed on the server since the last sync.
  const ids = (await env.store.db.selectFrom('resources').select('id').orderBy('created').limit(500).execute()).map((r) => r.id);
  const incremental: number[] = [];
  for (let run = 0; run < 5; run++) {
    const modified = new Date(Date.now() + (run + 1) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    await env.store.db.updateTable('resources').set({ name: `changed-${run}`, modified }).where('id', 'in', ids.slice(run * 100, run * 100 + 100)).execute();
    const t0 = performance.now();
    const report = await machine.sync.sync();
    incremental.push(performance.now() - t0);
    if (report.updated !== 100 || report.mode !== 'delta') throw new Error(`expected 100 updates by delta, got ${report.updated} (${report.mode})`);
  }
  out.incremental = median(incremental);

  // Quick-search keystrokes over what was synced; each session starts after an edit (no cached results left).
  const vault = machine.session.current();
  const queries = [...keystrokeSessions(), ['r', 're', 'res', 'res-', 'res-0', 'res-00', 'res-004', 'res-0042'], ['s', 'si', 'sit', 'site', 'site-9', 'site-99'],
    ['u', 'us', 'use', 'user', 'user7', 'user77', 'user77@'], ['l', 'lo', 'log', 'logi', 'login'], ['d', 'de', 'des', 'desc', 'descr']];
  // Compute is the main thread's CPU time: the keystroke's own work and any collector pause it takes. The process's
  // CPU time also counts V8's concurrent marking threads, which run beside the keystroke on another core (reported
  // too, as is the wall time).
  // What the sync and the server calls above left to collect is collected first, not during the keystrokes.
  collectGarbage();
  const thread: number[] = [];
  const wholeProcess: number[] = [];
  const wall: number[] = [];
  const ms = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000;
  for (let round = 0; round < 4; round++) {
    for (const session of queries) {
      const touched = vault.resources.get(ids[round]!)!;
      vault.applyResources({ upserts: [{ ...touched, name: `${touched.name} ` }] });
      for (const text of session) {
        const p0 = process.cpuUsage();
        const t0 = process.threadCpuUsage();
        const w0 = performance.now();
        vault.search({ text, limit: 50 });
        const w1 = performance.now();
        const t1 = process.threadCpuUsage(t0);
        const p1 = process.cpuUsage(p0);
        if (round === 0) continue;
        thread.push(ms(t1));
        wholeProcess.push(ms(p1));
        wall.push(w1 - w0);
      }
    }
  }
  out.keystroke = percentile(thread, 99);
  out.keystrokeProcess = percentile(wholeProcess, 99);
  out.keystrokeWall = percentile(wall, 99);

  if (memory) out.rss = memory(size);
  return out;
}

function report(dialect: string, figures: Figures): BenchResult[] {
  const results: BenchResult[] = [];
  const sizes = [...figures.keys()];
  for (const m of MEASURES) {
    for (const [i, size] of sizes.entries()) {
      const value = figures.get(size)![m.key];
      if (value === undefined || Number.isNaN(value)) continue;
      const target = size === 10_000 ? m.target?.[0] : size === 100_000 ? m.target?.[1] : undefined;
      const label = `${m.scenario}, ${size.toLocaleString('en')} (${dialect})`;
      results.push({ scenario: label, metric: m.metric, value, unit: m.unit, ...(target !== undefined && { target: { op: '<=', value: target } }) });
      const before = i > 0 ? figures.get(sizes[i - 1]!)![m.key] : undefined;
      if (before !== undefined && before > 0) {
        const judged = size === 100_000 && m.maxGrowth !== undefined;
        results.push({ scenario: `  growth ${sizes[i - 1]!.toLocaleString('en')} -> ${size.toLocaleString('en')} (x${size / sizes[i - 1]!} resources)`,
          metric: m.metric, value: value / before, unit: 'x', ...(judged && { target: { op: '<=', value: m.maxGrowth! } }) });
      }
    }
  }
  return results;
}

export default async function syncScaleBench(): Promise<BenchResult[]> {
  let pg: PostgresHandle | null = null;
  if (!process.env.TESSERA_TEST_PG_URL) {
    pg = await startPostgres();
    process.env.TESSERA_TEST_PG_URL = pg.url;
  }
  const only = process.env.TESSERA_BENCH_DIALECT;
  const child = await bundledMemoryChild();
  const results: BenchResult[] = [];
  try {
    for (const d of dialects) {
      if (only && only !== d.name) continue;
      const ticks = cpuTicks();
      const target = await d.create();
      const env = await startEnv(target);
      const figures: Figures = new Map();
      try {
        await env.machine.session.unlock(env.accountId, PASSPHRASE);
        let from = 0;
        for (const size of SIZES) {
          await growTo(env, d.name, from, size);
          from = size;
          // Memory does not depend on the server's database: measured once, in the SQLite run.
          const memory = d.name === 'sqlite' ? () => {
            const r = child.measure({ serverUrl: env.server.url, userId: env.user.id, armoredPrivateKey: env.armoredPrivateKey, passphrase: PASSPHRASE });
            if (r.resources !== size) throw new Error(`memory child unlocked ${r.resources} resources, expected ${size}`);
            return r.rssAtUnlockMb;
          } : null;
          figures.set(size, await measureSize(env, size, memory));
          process.stderr.write(`sync-scale ${d.name} ${size}: ${JSON.stringify(figures.get(size))}\n`);
        }
      } finally {
        await env.machine.close();
        await env.store.close();
        await env.server.stop();
        await target.drop();
      }
      results.push(...report(d.name, figures));
      const steal = stealPercent(ticks, cpuTicks());
      if (steal !== null) results.push({ scenario: `(machine) CPU stolen by the hypervisor during the ${d.name} run`, metric: 'share of CPU time', value: steal, unit: '%' });
    }
  } finally {
    child.dispose();
    await pg?.stop();
  }
  return results;
}
