// Client OpenPGP costs: sign+encrypt and decrypt+verify of a small
// secret, unlocking a private key (curve25519 generated here, RSA-3072 made by GnuPG), the copy path (cache hit,
// unlocked key: read the sealed secret row, decrypt+verify), bulk throughput of the worker pool vs one thread, and
// one session key decrypted and encrypted by each session-key provider (openpgp.js, node:crypto) for each key kind.
import { randomBytes } from 'node:crypto';
import { encryptSessionKey, generateKey, readMessage } from 'openpgp';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, sample, type Benchmark, type BenchResult } from '../harness';
import { AccountCache } from '../../main/cache/account-cache';
import { OpenPgpService, openForRewrap, prepareRecipient, wrapForRecipient } from '../../main/crypto/openpgp.service';
import { PublicKeyRing } from '../../main/crypto/public-key-ring';
import { CryptoWorkerPool } from '../../main/crypto/worker-pool';
import { fastSessionKeys, referenceSessionKeys } from '../../main/crypto/session-keys/active';
import type { UnlockedKey } from '../../main/crypto/unlocked-key';

const fixture = (name: string): string => readFileSync(new URL(`../../main/crypto/test-fixtures/${name}`, import.meta.url), 'utf8');
const SECRET = JSON.stringify({ password: 'kR7#vQ2!mZ9@xL4$wP8&', description: 'Shared admin account; rotate monthly.' });

const bench: Benchmark = async () => {
  const pgp = new OpenPgpService();
  const results: BenchResult[] = [];
  const add = (scenario: string, samples: number[], target?: BenchResult['target']): void => {
    results.push({ scenario, metric: 'p50', value: percentile(samples, 50), unit: 'ms', ...(target && { target }) });
  };

  const alice = await pgp.generateKeyPair({ name: 'Alice', email: 'alice@example.com', passphrase: 'alice pass' });
  const bob = await pgp.generateKeyPair({ name: 'Bob', email: 'bob@example.com', passphrase: 'bob pass' });
  const aliceKey = await pgp.unlockPrivateKey(alice.armoredPrivateKey, 'alice pass');
  const bobKey = await pgp.unlockPrivateKey(bob.armoredPrivateKey, 'bob pass');
  const ring = await PublicKeyRing.fromArmored([alice.armoredPublicKey, bob.armoredPublicKey, fixture('rsa3072-gnupg.pub.asc')]);
  const bobPublic = bobKey.publicKey;

  add('curve25519 sign+encrypt (small secret)', await sample(() => pgp.encryptAndSign(SECRET, bobPublic, aliceKey), 200));
  const message = await pgp.encryptAndSign(SECRET, bobPublic, aliceKey);
  add('curve25519 decrypt+verify (small secret)', await sample(() => pgp.decryptAndVerify(message, bobKey, ring), 200));
  add('unlock curve25519 private key', await sample(() => pgp.unlockPrivateKey(alice.armoredPrivateKey, 'alice pass'), 20, 3));

  // Group add, per secret: open our copy (session key, data, signature check) and re-wrap it for the new member.
  const ours = await Promise.all(Array.from({ length: 50 }, (_, i) => pgp.encryptAndSign(`${SECRET}${i}`, bobPublic, aliceKey)));
  const newcomer = await prepareRecipient(aliceKey.publicKey);
  let next = 0;
  const rewrap = async (): Promise<string> => {
    const source = await openForRewrap(ours[next++ % ours.length] as string, bobKey, ring);
    if (source.signature !== 'valid' || !source.rewrap) throw new Error('not re-wrappable');
    return wrapForRecipient(source.rewrap.sessionKey, source.rewrap.body, newcomer);
  };
  const cpu0 = process.cpuUsage();
  const rewraps = await sample(rewrap, 1000, 200);
  const cpu = process.cpuUsage(cpu0);
  add('group add, one secret: decrypt+verify our copy, re-wrap for the newcomer (curve25519, one thread, warm)', rewraps);
  results.push({ scenario: 'same, CPU per secret (incl. libuv threads)', metric: 'cpu', value: (cpu.user + cpu.system) / 1000 / 1200, unit: 'ms' });

  const rsaPrivate = fixture('rsa3072-gnupg.key.asc');
  const rsaKey = await pgp.unlockPrivateKey(rsaPrivate, 'rsa fixture passphrase');
  const toRsa = await pgp.encryptAndSign(SECRET, rsaKey.publicKey, aliceKey);
  add('RSA-3072 decrypt+verify (small secret)', await sample(() => pgp.decryptAndVerify(toRsa, rsaKey, ring), 30, 3));
  add('unlock RSA-3072 private key (GnuPG export)', await sample(() => pgp.unlockPrivateKey(rsaPrivate, 'rsa fixture passphrase'), 8, 2));

  // Copy one password: cache hit, unlocked key (target: p50 <= 10 ms).
  const dir = mkdtempSync(join(tmpdir(), 'tessera-crypto-bench-'));
  try {
    type Types = { resources: { id: string }; users: { id: string }; groups: { id: string }; permissions: { id: string; resourceId: string }; secrets: { resourceId: string; data: string } };
    const cache = AccountCache.open<Types>(join(dir, 'copy.db'), randomBytes(32));
    const resourceId = crypto.randomUUID();
    cache.secrets.upsert([{ resourceId, data: message }]);
    add('copy one password: sealed secret row + decrypt+verify', await sample(async () => {
      const row = cache.secrets.get(resourceId);
      if (!row) throw new Error('secret row missing');
      return pgp.decryptAndVerify(row.data, bobKey, ring);
    }, 100), { op: '<=', value: 10 });
    cache.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Bulk: N secrets for N different recipients (a share to a big group), one thread vs the worker pool.
  const BULK = 200;
  const recipients = await Promise.all(Array.from({ length: 8 }, (_, i) => pgp.generateKeyPair({ name: `u${i}`, email: `u${i}@example.com`, passphrase: 'x' })));
  const items = Array.from({ length: BULK }, (_, i) => ({ text: SECRET, recipientArmoredKey: (recipients[i % recipients.length] as { armoredPublicKey: string }).armoredPublicKey }));
  const t0 = performance.now();
  for (const item of items) await pgp.encryptAndSign(item.text, item.recipientArmoredKey, aliceKey);
  const serialMs = performance.now() - t0;
  results.push({ scenario: `bulk sign+encrypt ${BULK} items, main thread (incl. key parse)`, metric: 'throughput', value: (BULK / serialMs) * 1000, unit: 'items/s' });
  const pool = new CryptoWorkerPool();
  try {
    await pool.encryptForMany(items.slice(0, pool.size * 8), aliceKey); // start the threads, JIT warm-up
    const t1 = performance.now();
    const encrypted = await pool.encryptForMany(items, aliceKey);
    const poolMs = performance.now() - t1;
    results.push({ scenario: `bulk sign+encrypt ${BULK} items, worker pool (${pool.size} threads)`, metric: 'throughput', value: (BULK / poolMs) * 1000, unit: 'items/s' });
    const toMe = await pool.encryptForMany(Array.from({ length: BULK }, () => ({ text: SECRET, recipientArmoredKey: bob.armoredPublicKey })), aliceKey);
    const t2 = performance.now();
    await pool.decryptMany(toMe, bobKey, { verificationKeys: ring });
    const decryptMs = performance.now() - t2;
    results.push({ scenario: `bulk decrypt+verify ${BULK} items, worker pool (${pool.size} threads)`, metric: 'throughput', value: (BULK / decryptMs) * 1000, unit: 'items/s' });
    if (encrypted.length !== BULK) throw new Error('pool returned the wrong count');
  } finally {
    await pool.dispose();
  }
  // One session key, per provider and key kind: decrypt (the one-PKESK message parsed each time, as openMessage
  // does) and encrypt for the key's encryption subkey.
  const kinds: [string, UnlockedKey][] = [
    ['legacy Curve25519', bobKey],
    ['X25519', await generateKey({ type: 'curve25519', userIDs: [{ email: 'x@example.com' }], passphrase: 'x', format: 'armored' }).then((k) => pgp.unlockPrivateKey(k.privateKey, 'x'))],
    ['RSA-3072 (GnuPG)', rsaKey],
  ];
  const sessionKey = { data: randomBytes(32), algorithm: 'aes256' };
  for (const [kind, key] of kinds) {
    const pkesk = await encryptSessionKey({ ...sessionKey, algorithm: 'aes256', encryptionKeys: key.publicKey, format: 'binary' });
    for (const provider of [referenceSessionKeys, fastSessionKeys]) {
      const runs = kind.startsWith('RSA') ? 100 : 300;
      add(`session key decrypt, ${kind}, ${provider.name} (incl. parse)`, await sample(async () => provider.decryptSessionKeys(await readMessage({ binaryMessage: pkesk }), key), runs, 20));
      const encrypter = await provider.encrypterFor(key.publicKey);
      add(`session key encrypt, ${kind}, ${provider.name}`, await sample(() => encrypter.encrypt(sessionKey), runs, 20));
    }
  }
  return results;
};
export default bench;
