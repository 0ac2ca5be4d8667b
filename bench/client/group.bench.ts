// B6 (issue 4): add a member to a group that reaches 5,000 resources, end to end on 2 cores: dry-run, decrypt and
// verify our 5,000 secret rows and re-wrap each one's session key for the newcomer on a 2-thread worker pool, one
// PUT with 5,000 secrets.
import type { BenchResult } from '../harness';
import { seedGroup, seedUser } from '../server/fixtures';
import { seedResources } from '../server/seed';
import { startBenchDesktop } from '../../main/services/test-support/bench-desktop';

const RESOURCES = 5000;

export default async function groupBench(): Promise<BenchResult[]> {
  const env = await startBenchDesktop({ poolSize: 2 });
  try {
    const { machine, db } = env;
    const newcomers = [await seedUser(db.db, { username: 'newcomer1@example.com' }), await seedUser(db.db, { username: 'newcomer2@example.com' })];
    const groupId = await seedGroup(db.db, 'Operations', [env.userId]);
    await machine.session.unlock(env.accountId, env.passphrase);
    const key = machine.session.current().key;
    // Distinct ciphertexts are not needed: each row is decrypted on its own, so the work is the same.
    const data = await machine.crypto.encryptAndSign(JSON.stringify({ password: 'group-secret', description: '' }), key.publicKey, key);
    await seedResources(db.db, {
      count: RESOURCES, ownerId: env.userId, secretFor: new Map([[env.userId, data]]), grants: [{ aro: 'Group', id: groupId, type: 1 }],
    });
    await machine.sync.sync();

    const samples: number[] = [];
    for (const newcomer of newcomers) {
      const t0 = performance.now();
      const result = await machine.groups.updateMembers(groupId, { add: [{ userId: newcomer.id, isManager: false }] });
      samples.push(performance.now() - t0);
      if (result.secretsShared !== RESOURCES) throw new Error(`expected ${RESOURCES} secrets, sent ${result.secretsShared}`);
    }
    return [
      { scenario: 'B6 add a member to a group reaching 5,000 resources, end to end, 2 crypto threads', metric: 'first', value: samples[0] as number, unit: 'ms', target: { op: '<=', value: 8000 } },
      { scenario: 'B6 add a member to a group reaching 5,000 resources, end to end, 2 crypto threads', metric: 'second', value: samples[1] as number, unit: 'ms', target: { op: '<=', value: 8000 } },
    ];
  } finally {
    await env.close();
  }
}
