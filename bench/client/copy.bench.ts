// Copy one password, cache hit with the key unlocked (issue 4: p50 <= 10 ms): the caller's secret row is in the
// sealed cache, so a copy is one cache read, one OpenPGP decrypt+verify against the organisation's keys, one parse.
// A cache miss (first copy: the row comes from the server) is measured too.
import { percentile, sample, type BenchResult } from '../harness';
import { seedResources } from '../server/seed';
import { startBenchDesktop } from '../../main/services/test-support/bench-desktop';

export default async function copyBench(): Promise<BenchResult[]> {
  const env = await startBenchDesktop();
  try {
    const { machine, db } = env;
    await machine.session.unlock(env.accountId, env.passphrase);
    const key = machine.session.current().key;
    // The seeded resources are of type password-string: the secret is the bare password.
    const data = await machine.crypto.encryptAndSign('copy-me', key.publicKey, key);
    const ids = await seedResources(db.db, { count: 1000, ownerId: env.userId, secretFor: new Map([[env.userId, data]]), grants: [] });
    await machine.sync.sync();

    let next = 0;
    const misses = await sample(async () => {
      const field = await machine.secrets.readField(ids[next++] as string, 'password');
      if (field.value !== 'copy-me') throw new Error('wrong secret');
    }, 100, 5);
    const hits = await sample(async () => {
      const field = await machine.secrets.readField(ids[0] as string, 'password');
      if (field.value !== 'copy-me' || field.flagged) throw new Error('wrong secret');
    }, 300);
    return [
      { scenario: 'Copy one password, cache hit, key unlocked (curve25519)', metric: 'p50', value: percentile(hits, 50), unit: 'ms', target: { op: '<=', value: 10 } },
      { scenario: 'Copy one password, cache hit, key unlocked (curve25519)', metric: 'p99', value: percentile(hits, 99), unit: 'ms' },
      { scenario: 'Copy one password, cache miss (row fetched from the server)', metric: 'p50', value: percentile(misses, 50), unit: 'ms' },
    ];
  } finally {
    await env.close();
  }
}
