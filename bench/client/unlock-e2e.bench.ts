// Unlock to first search result with 10,000 cached resources (target: <= 300 ms, zero OpenPGP operations besides
// unlocking the private key). Online the unlock also logs in (JWT challenge: one encrypt+sign, one decrypt+verify),
// overlapped with reading the cache; offline (server stopped) it opens the cache alone. OpenPGP calls are counted.
import { percentile, type BenchResult } from '../harness';
import { seedResources } from '../server/seed';
import { startBenchDesktop } from '../../main/services/test-support/bench-desktop';

const COUNT = 10_000;

export default async function unlockBench(): Promise<BenchResult[]> {
  const env = await startBenchDesktop();
  try {
    const { machine, db } = env;
    await machine.session.unlock(env.accountId, env.passphrase);
    const key = machine.session.current().key;
    const data = await machine.crypto.encryptAndSign('x', key.publicKey, key);
    await seedResources(db.db, { count: COUNT, ownerId: env.userId, secretFor: new Map([[env.userId, data]]), grants: [] });
    await machine.sync.sync();

    // Count every OpenPGP entry point of the service during the measured unlocks.
    const calls: Record<string, number> = {};
    const crypto = machine.crypto as unknown as Record<string, unknown>;
    for (const name of ['unlockPrivateKey', 'encryptAndSign', 'decryptAndVerify', 'encryptLoginChallenge', 'decryptLoginResponse', 'readKeyInfo']) {
      const original = crypto[name] as (...args: unknown[]) => unknown;
      crypto[name] = (...args: unknown[]) => { calls[name] = (calls[name] ?? 0) + 1; return original.apply(machine.crypto, args); };
    }
    // The key itself is unlocked on a worker thread (the session's keyUnlocker is the pool).
    const pool = machine.pool as unknown as Record<string, unknown>;
    for (const name of ['unlockPrivateKey', 'encryptForMany', 'decryptMany']) {
      const original = pool[name] as (...args: unknown[]) => unknown;
      pool[name] = (...args: unknown[]) => { calls[`pool.${name}`] = (calls[`pool.${name}`] ?? 0) + 1; return original.apply(machine.pool, args); };
    }

    const measure = async (runs: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < runs; i++) {
        machine.session.lock();
        const t0 = performance.now();
        await machine.session.unlock(env.accountId, env.passphrase);
        const hits = machine.vault.list({ search: 'res-000777', limit: 50 });
        out.push(performance.now() - t0);
        if (hits.length !== 1) throw new Error('search after unlock found nothing');
      }
      return out;
    };
    const online = await measure(5);
    const onlineCalls = { ...calls };
    await env.server.stop();
    for (const k of Object.keys(calls)) delete calls[k];
    const offline = await measure(5);
    if (!machine.session.status().offline) throw new Error('expected an offline unlock');
    const otherOps = (c: Record<string, number>) => Object.entries(c)
      .filter(([name]) => !['unlockPrivateKey', 'pool.unlockPrivateKey', 'encryptLoginChallenge', 'decryptLoginResponse', 'encryptAndSign', 'decryptAndVerify'].includes(name))
      .reduce((n, [, v]) => n + v, 0);
    const perUnlock = (c: Record<string, number>, runs: number) => Object.values(c).reduce((a, b) => a + b, 0) / runs;
    return [
      { scenario: 'Unlock to first search, 10k cached, online (JWT login overlapped with cache load)', metric: 'p50', value: percentile(online, 50), unit: 'ms', target: { op: '<=', value: 300 } },
      { scenario: 'Unlock to first search, 10k cached, offline (server stopped)', metric: 'p50', value: percentile(offline, 50), unit: 'ms', target: { op: '<=', value: 300 } },
      { scenario: 'OpenPGP calls per online unlock (key unlock + login challenge out + answer in)', metric: 'calls', value: perUnlock(onlineCalls, 5), unit: 'ops', target: { op: '<=', value: 3 } },
      { scenario: 'OpenPGP calls per offline unlock (key unlock only)', metric: 'calls', value: perUnlock(calls, 5) + otherOps(calls), unit: 'ops', target: { op: '<=', value: 1 } },
    ];
  } finally {
    await env.close();
  }
}
