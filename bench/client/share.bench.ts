// Share one resource with a 1,000-member group, end to end on 2 cores: simulate, decrypt our secret,
// sign and encrypt it once and wrap its session key for 1,000 users on a 2-thread worker pool, one PUT with 1,000 secrets, re-read the resource.
// Real server process on SQLite; users and keys seeded through its storage layer with their key ids recorded as
// setup records them (as bench/server does); the desktop synced them first. The members' keys are RFC 9580 X25519
// (openpgp.js 6); the same shares go to a second group whose 1,000 members have keys as Tessera makes them (legacy
// Curve25519), each session key being encrypted for that kind.
import { generateKey } from 'openpgp';
import { percentile, type BenchResult } from '../harness';
import { seedGroup, seedUser } from '../server/fixtures';
import { recordKeyIds } from '../server/seed';
import { startBenchDesktop } from '../../main/services/test-support/bench-desktop';

const MEMBERS = 1000;
const SCENARIO = 'B5 share 1 resource with a 1,000-member group, end to end, 2 crypto threads';

export default async function shareBench(): Promise<BenchResult[]> {
  const env = await startBenchDesktop({ poolSize: 2 });
  try {
    const { machine, db } = env;
    const members: string[] = [];
    for (let i = 0; i < MEMBERS; i++) members.push((await seedUser(db.db, { username: `member${i}@example.com` })).id);
    const legacyMembers: string[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const username = `legacy${i}@example.com`;
      const keys = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: username }], format: 'object' });
      legacyMembers.push((await seedUser(db.db, { username, keys })).id);
    }
    await recordKeyIds(db.db, [...members, ...legacyMembers]); // as if each had completed setup, where the server records them
    const groupId = await seedGroup(db.db, 'Everyone', [env.userId], members);
    const legacyGroupId = await seedGroup(db.db, 'Everyone with Tessera keys', [env.userId], legacyMembers);
    await machine.session.unlock(env.accountId, env.passphrase);
    await machine.sync.sync(); // learns and pins the 2,000 members' keys (not measured)

    /** Four shares to the group: the first after the unlock (threads start, nothing about these recipients used yet) apart. */
    const shares = async (group: string): Promise<{ cold: number; samples: number[] }> => {
      const samples: number[] = [];
      let cold = 0;
      for (let run = 0; run < 4; run++) {
        const { id } = await machine.vault.create({ name: `Shared ${group} ${run}`, password: `shared-secret-${run}` });
        const t0 = performance.now();
        const result = await machine.share.apply(id, [{ action: 'add', aro: 'Group', aroId: group, type: 1 }]);
        if (run === 0) cold = performance.now() - t0;
        else samples.push(performance.now() - t0);
        if (result.addedUsers !== MEMBERS) throw new Error(`expected ${MEMBERS} secrets, sent ${result.addedUsers}`);
      }
      return { cold, samples };
    };
    const x25519 = await shares(groupId);
    const legacy = await shares(legacyGroupId);
    return [
      { scenario: SCENARIO, metric: 'p50 of 3', value: percentile(x25519.samples, 50), unit: 'ms', target: { op: '<=', value: 2000 } },
      { scenario: SCENARIO, metric: 'max of 3', value: Math.max(...x25519.samples), unit: 'ms' },
      { scenario: 'B5 same, first share after the unlock (crypto threads starting; first share to these users)', metric: 'once', value: x25519.cold, unit: 'ms', target: { op: '<=', value: 2000 } },
      { scenario: `${SCENARIO}, members with Tessera-made (legacy Curve25519) keys`, metric: 'p50 of 3', value: percentile(legacy.samples, 50), unit: 'ms', target: { op: '<=', value: 2000 } },
      { scenario: `${SCENARIO}, members with Tessera-made (legacy Curve25519) keys`, metric: 'max of 3', value: Math.max(...legacy.samples), unit: 'ms' },
      { scenario: 'B5 same, legacy keys, first share to these users (threads warm)', metric: 'once', value: legacy.cold, unit: 'ms' },
    ];
  } finally {
    await env.close();
  }
}
