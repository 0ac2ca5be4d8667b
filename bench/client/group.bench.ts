// Add a member to a group that reaches 5,000 resources, end to end on 2 cores: dry-run, decrypt and
// verify our 5,000 secret rows and re-wrap each one's session key for the newcomer on a 2-thread worker pool, one
// PUT with 5,000 secrets. The first add after unlock is the one the target is about (its threads' code is not yet
// optimised by V8). Each add is also split into its phases (from the progress events) and its CPU time: this
// process (main thread + crypto threads) and the server process.
// The account's key is one Tessera makes (legacy Curve25519); the adds are measured again for an RFC 9580 X25519
// account (openpgp.js 6, new GnuPG) and an RSA-3072 one made by GnuPG (an imported Passbolt account), whose secrets'
// session keys are decrypted with those algorithms. The first newcomer's key is one Tessera makes, the second's an
// X25519 one: each session key is encrypted for that kind.
import { readFileSync } from 'node:fs';
import { generateKey } from 'openpgp';
import { processCpuMs, type BenchResult } from '../harness';
import { seedGroup, seedUser } from '../server/fixtures';
import { recordKeyIds, seedResources } from '../server/seed';
import { startBenchDesktop, type BenchAccountKey } from '../../main/services/test-support/bench-desktop';

const RESOURCES = 5000;
const SCENARIO = 'B6 add a member to a group reaching 5,000 resources, end to end, 2 crypto threads';
const RSA_ACCOUNT: BenchAccountKey = {
  armoredPrivateKey: readFileSync(new URL('../../main/crypto/test-fixtures/rsa3072-gnupg.key.asc', import.meta.url), 'utf8'),
  passphrase: 'rsa fixture passphrase',
  username: 'ada.legacy@example.com',
};

/** The server's CPU time in ms, or undefined where /proc cannot tell (not Linux). */
function serverCpuMs(pid: number | undefined): number | undefined {
  try {
    return pid === undefined ? undefined : processCpuMs(pid);
  } catch {
    return undefined;
  }
}

interface AddSample {
  total: number;
  /** Group read, dry run, recipients and ring, until the first item goes to the pool. */
  prepare: number;
  crypto: number;
  /** The PUT with 5,000 secrets and the group read that follows. */
  upload: number;
  clientCpu: number;
  serverCpu: number | undefined;
}

async function x25519Account(): Promise<BenchAccountKey> {
  const username = 'x25519@example.com';
  const { privateKey } = await generateKey({ type: 'curve25519', userIDs: [{ name: 'X25519 Account', email: username }], passphrase: 'x25519 account', format: 'armored' });
  return { armoredPrivateKey: privateKey, passphrase: 'x25519 account', username };
}

export default async function groupBench(): Promise<BenchResult[]> {
  return [...await measureAdds(), ...await measureAdds(await x25519Account(), 'X25519 account'), ...await measureAdds(RSA_ACCOUNT, 'RSA-3072 account')];
}

async function measureAdds(accountKey?: BenchAccountKey, accountLabel?: string): Promise<BenchResult[]> {
  const env = await startBenchDesktop({ poolSize: 2, ...(accountKey ? { accountKey } : {}) });
  try {
    const { machine, db } = env;
    const legacy = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'newcomer1@example.com' }], format: 'object' });
    const newcomers = [
      await seedUser(db.db, { username: 'newcomer1@example.com', keys: legacy }), await seedUser(db.db, { username: 'newcomer2@example.com' }),
    ];
    await recordKeyIds(db.db, newcomers.map((n) => n.id)); // as setup does
    const groupId = await seedGroup(db.db, 'Operations', [env.userId]);
    await machine.session.unlock(env.accountId, env.passphrase);
    const key = machine.session.current().key;
    // Distinct ciphertexts are not needed: each row is decrypted on its own, so the work is the same.
    const data = await machine.crypto.encryptAndSign(JSON.stringify({ password: 'group-secret', description: '' }), key.publicKey, key);
    await seedResources(db.db, {
      count: RESOURCES, ownerId: env.userId, secretFor: new Map([[env.userId, data]]), grants: [{ aro: 'Group', id: groupId, type: 1 }],
    });
    await machine.sync.sync();

    const samples: AddSample[] = [];
    for (const newcomer of newcomers) {
      let cryptoStart = 0;
      let cryptoEnd = 0;
      const serverCpu0 = serverCpuMs(env.server.child.pid);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await machine.groups.updateMembers(groupId, { add: [{ userId: newcomer.id, isManager: false }] }, {
        onProgress: (done, total) => {
          if (done === 0) cryptoStart = performance.now();
          if (done === total) cryptoEnd = performance.now();
        },
      });
      const end = performance.now();
      const cpu = process.cpuUsage(cpu0);
      const serverCpu1 = serverCpuMs(env.server.child.pid);
      if (result.secretsShared !== RESOURCES) throw new Error(`expected ${RESOURCES} secrets, sent ${result.secretsShared}`);
      samples.push({
        total: end - t0, prepare: cryptoStart - t0, crypto: cryptoEnd - cryptoStart, upload: end - cryptoEnd,
        clientCpu: (cpu.user + cpu.system) / 1000,
        serverCpu: serverCpu0 === undefined || serverCpu1 === undefined ? undefined : serverCpu1 - serverCpu0,
      });
    }
    return samples.flatMap((s, i): BenchResult[] => {
      const newcomer = i === 0 ? 'legacy Curve25519 newcomer' : 'X25519 newcomer';
      const run = `${i === 0 ? 'first' : 'second'}${accountLabel ? `, ${accountLabel}` : ''}`;
      return [
        accountLabel
          ? { scenario: `${SCENARIO}, ${accountLabel}, ${newcomer}`, metric: i === 0 ? 'first' : 'second', value: s.total, unit: 'ms' }
          : { scenario: `${SCENARIO}, ${newcomer}`, metric: i === 0 ? 'first' : 'second', value: s.total, unit: 'ms', target: { op: '<=', value: 8000 } },
        { scenario: `  ${run}: group read, dry run, recipients and ring`, metric: 'phase', value: s.prepare, unit: 'ms' },
        { scenario: `  ${run}: decrypt, verify and re-wrap on the pool`, metric: 'phase', value: s.crypto, unit: 'ms' },
        { scenario: `  ${run}: PUT with the secrets and group read`, metric: 'phase', value: s.upload, unit: 'ms' },
        { scenario: `  ${run}: CPU of this process (main + crypto threads), per secret`, metric: 'cpu', value: s.clientCpu / RESOURCES, unit: 'ms' },
        ...(s.serverCpu === undefined ? [] : [{ scenario: `  ${run}: CPU of the server process (dry run + update)`, metric: 'cpu', value: s.serverCpu, unit: 'ms' }]),
      ];
    });
  } finally {
    await env.close();
  }
}
