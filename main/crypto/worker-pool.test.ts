// CryptoWorkerPool against real worker threads started from the TypeScript source (tsx hooks), real openpgp.js.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessage, decrypt, encrypt, enums, readKey, readMessage, unarmor } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CryptoError, InvalidKeyError, KeyWipedError, WrongPassphraseError } from './errors';
import { OpenPgpService, type GeneratedKeyPair } from './openpgp.service';
import { PublicKeyRing } from './public-key-ring';
import type { UnlockedKey } from './unlocked-key';
import { BulkItemError, CryptoWorkerPool } from './worker-pool';

const pgp = new OpenPgpService();
const pool = new CryptoWorkerPool({ size: 2, batchSize: 4 });
let people: GeneratedKeyPair[];
let keys: UnlockedKey[];
let ring: PublicKeyRing;

beforeAll(async () => {
  people = await Promise.all(['a', 'b', 'c'].map((n) => pgp.generateKeyPair({ name: n, email: `${n}@example.com`, passphrase: `pass ${n}` })));
  keys = await Promise.all(people.map((p, i) => pgp.unlockPrivateKey(p.armoredPrivateKey, `pass ${'abc'[i]}`)));
  ring = await PublicKeyRing.fromArmored(people.map((p) => p.armoredPublicKey));
});

afterAll(() => pool.dispose());

const signer = (): UnlockedKey => keys[0] as UnlockedKey;

/** The binary packets of an armored message (openpgp.js may hand them out as a stream). */
async function binaryOf(armored: string): Promise<Buffer> {
  const data = (await unarmor(armored)).data as Uint8Array | ReadableStream<Uint8Array>;
  if (data instanceof Uint8Array) return Buffer.from(data);
  const reader = data.getReader();
  const chunks: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return Buffer.concat(chunks);
}

/**
 * What Passbolt's server checks (exactly one PKESK, for the recipient's encryption subkey, then one encrypted data
 * packet) and what any OpenPGP client does: plain openpgp.decrypt with the recipient's key, signature verified.
 */
async function expectSingleRecipientMessage(armored: string, recipient: number, text: string, writer: number): Promise<void> {
  const message = await readMessage({ armoredMessage: armored });
  const tags = message.packets.map((p) => (p.constructor as unknown as { tag: number }).tag);
  expect(tags).toEqual([enums.packet.publicKeyEncryptedSessionKey, enums.packet.symEncryptedIntegrityProtectedData]);
  const encryptionKey = await (await readKey({ armoredKey: people[recipient]!.armoredPublicKey })).getEncryptionKey();
  expect(message.getEncryptionKeyIDs().map((id) => id.toHex())).toEqual([encryptionKey.getKeyID().toHex()]);
  const result = await decrypt({
    message, decryptionKeys: (keys[recipient] as UnlockedKey).privateKey,
    verificationKeys: await readKey({ armoredKey: people[writer]!.armoredPublicKey }), expectSigned: true,
  });
  expect(result.data).toBe(text);
  expect(await result.signatures[0]!.verified).toBe(true);
}

describe('CryptoWorkerPool', () => {
  it('encrypts many items in input order, each for its recipient, with progress up to the total', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ text: `secret ${i}`, recipientArmoredKey: (people[i % 3] as GeneratedKeyPair).armoredPublicKey }));
    const progress: number[] = [];
    const out = await pool.encryptForMany(items, signer(), { onProgress: (done, total) => { expect(total).toBe(30); progress.push(done); } });
    expect(out).toHaveLength(30);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(30);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    for (const [i, armored] of out.entries()) {
      const result = await pgp.decryptAndVerify(armored, keys[i % 3] as UnlockedKey, ring);
      expect(result).toEqual({ text: `secret ${i}`, signature: 'valid', signerFingerprint: (people[0] as GeneratedKeyPair).fingerprint });
    }
  });

  it('decrypts many with signature verdicts, in input order', async () => {
    const me = keys[1] as UnlockedKey;
    const stranger = await pgp.generateKeyPair({ name: 's', email: 's@example.com', passphrase: 's' });
    const strangerKey = await pgp.unlockPrivateKey(stranger.armoredPrivateKey, 's');
    const messages = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      pgp.encryptAndSign(`m${i}`, people[1]!.armoredPublicKey, i === 5 ? strangerKey : signer())));
    const results = await pool.decryptMany(messages, me, { verificationKeys: ring });
    expect(results.map((r) => r.text)).toEqual(messages.map((_, i) => `m${i}`));
    expect(results.map((r) => r.signature)).toEqual(messages.map((_, i) => (i === 5 ? 'unknown-signer' : 'valid')));
    // Without a ring every signer is unknown.
    const noRing = await pool.decryptMany(messages.slice(0, 2), me);
    expect(noRing.map((r) => r.signature)).toEqual(['unknown-signer', 'unknown-signer']);
  });

  it('rejects with BulkItemError naming the failing item', async () => {
    const me = keys[1] as UnlockedKey;
    const good = await pgp.encryptAndSign('ok', people[1]!.armoredPublicKey, signer());
    const messages = [good, good, good, good, good, good, 'garbage', good];
    const err = await pool.decryptMany(messages, me).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkItemError);
    expect((err as BulkItemError).index).toBe(6);
    expect((err as BulkItemError).reasonName).toBe('DecryptionError');

    const badRecipient = [{ text: 'x', recipientArmoredKey: people[0]!.armoredPublicKey }, { text: 'y', recipientArmoredKey: 'not a key' }];
    const err2 = await pool.encryptForMany(badRecipient, signer()).catch((e: unknown) => e);
    expect((err2 as BulkItemError).index).toBe(1);
  });

  it('stops on abort and rejects with an AbortError', async () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ text: `s${i}`, recipientArmoredKey: people[i % 3]!.armoredPublicKey }));
    const controller = new AbortController();
    let seen = 0;
    const run = pool.encryptForMany(items, signer(), {
      signal: controller.signal,
      onProgress: (done) => { seen = done; if (done >= 8) controller.abort(); },
    });
    const err = await run.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(seen).toBeLessThan(400);
    // An already-aborted signal rejects before any work.
    await expect(pool.encryptForMany(items, signer(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    // The pool is still usable afterwards.
    expect(await pool.encryptForMany(items.slice(0, 3), signer())).toHaveLength(3);
  });

  it('runs two calls at once on a shared pool', async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ text: `p${i}`, recipientArmoredKey: people[2]!.armoredPublicKey }));
    const [a, b] = await Promise.all([pool.encryptForMany(items, signer()), pool.encryptForMany(items, keys[1] as UnlockedKey)]);
    expect(a).toHaveLength(20);
    expect(b).toHaveLength(20);
    expect((await pgp.decryptAndVerify(b[19] as string, keys[2] as UnlockedKey, ring)).signerFingerprint).toBe(people[1]!.fingerprint);
  });

  it('refuses a wiped key and tells the workers to drop it', async () => {
    const temp = await pgp.unlockPrivateKey(people[2]!.armoredPrivateKey, 'pass c');
    const before = await pool.workerKeyCounts();
    const items = Array.from({ length: 16 }, () => ({ text: 't', recipientArmoredKey: people[0]!.armoredPublicKey }));
    expect(await pool.encryptForMany(items, temp)).toHaveLength(16);
    const during = await pool.workerKeyCounts();
    expect(during.reduce((a, b) => a + b)).toBeGreaterThan(before.reduce((a, b) => a + b));
    temp.wipe();
    expect(await pool.workerKeyCounts()).toEqual(before);
    await expect(pool.encryptForMany([{ text: 't', recipientArmoredKey: people[0]!.armoredPublicKey }], temp)).rejects.toBeInstanceOf(KeyWipedError);
  });

  it('re-encrypts secrets for new recipients without returning the plaintext, refusing badly signed sources', async () => {
    const me = keys[1] as UnlockedKey;
    const sources = await Promise.all(Array.from({ length: 9 }, (_, i) => pgp.encryptAndSign(`s${i}`, people[1]!.armoredPublicKey, signer())));
    const items = sources.map((armoredMessage, i) => ({
      armoredMessage, recipientArmoredKeys: i % 2 === 0 ? [people[2]!.armoredPublicKey] : [people[2]!.armoredPublicKey, people[0]!.armoredPublicKey],
    }));
    const progress: number[] = [];
    const out = await pool.reencryptForMany(items, me, { verificationKeys: ring, onProgress: (done) => progress.push(done) });
    expect(progress.at(-1)).toBe(9);
    expect(out.map((r) => r.length)).toEqual(items.map((i) => i.recipientArmoredKeys.length));
    for (const [i, perRecipient] of out.entries()) {
      const forC = await pgp.decryptAndVerify(perRecipient[0] as string, keys[2] as UnlockedKey, ring);
      // Re-wrapped, not re-signed: the new recipient verifies the original writer (a), not the one passing it on (b).
      expect(forC).toEqual({ text: `s${i}`, signature: 'valid', signerFingerprint: people[0]!.fingerprint });
      await expectSingleRecipientMessage(perRecipient[0] as string, 2, `s${i}`, 0);
      if (perRecipient[1]) expect((await pgp.decryptAndVerify(perRecipient[1], keys[0] as UnlockedKey, ring)).text).toBe(`s${i}`);
    }

    // A source in another packet layout (here: with a password packet too) cannot be re-wrapped as is: it is
    // re-encrypted for the recipient alone and signed by the one passing it on.
    const odd = await encrypt({
      message: await createMessage({ text: 'odd layout' }), encryptionKeys: await readKey({ armoredKey: people[1]!.armoredPublicKey }),
      passwords: ['pw'], signingKeys: signer().privateKey, format: 'armored',
    });
    const [[forCOdd]] = await pool.reencryptForMany([{ armoredMessage: odd, recipientArmoredKeys: [people[2]!.armoredPublicKey] }], me, { verificationKeys: ring });
    await expectSingleRecipientMessage(forCOdd as string, 2, 'odd layout', 1);

    // A source signed by someone outside the organisation is not laundered into a secret signed by me...
    const outsider = await pgp.generateKeyPair({ name: 'o', email: 'o@example.com', passphrase: 'o' });
    const forged = await pgp.encryptAndSign('forged', people[1]!.armoredPublicKey, await pgp.unlockPrivateKey(outsider.armoredPrivateKey, 'o'));
    const bad = [...items.slice(0, 3), { armoredMessage: forged, recipientArmoredKeys: [people[2]!.armoredPublicKey] }];
    const err = await pool.reencryptForMany(bad, me, { verificationKeys: ring }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkItemError);
    expect(err).toMatchObject({ index: 3, reasonName: 'SignatureError' });
    // ...unless the caller explicitly accepts that verdict.
    const accepted = await pool.reencryptForMany(bad, me, { verificationKeys: ring, accept: ['valid', 'unknown-signer'] });
    expect((await pgp.decryptAndVerify((accepted[3] as string[])[0] as string, keys[2] as UnlockedKey, ring)).text).toBe('forged');
  });

  it('encrypts one text for many recipients with one shared body: one PKESK each, readable by plain openpgp.decrypt', async () => {
    const recipients = Array.from({ length: 23 }, (_, i) => i % 3);
    const progress: number[] = [];
    const out = await pool.encryptSharedForMany('shared secret', recipients.map((r) => people[r]!.armoredPublicKey), signer(), {
      onProgress: (done, total) => { expect(total).toBe(23); progress.push(done); },
    });
    expect(out).toHaveLength(23);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(23);
    for (const [i, armored] of out.entries()) await expectSingleRecipientMessage(armored, recipients[i] as number, 'shared secret', 0);
    // The encrypted data packet is shared (one session key), the session key packets are not.
    const packets = await Promise.all(out.slice(0, 3).map(async (a) => binaryOf(a)));
    expect(Buffer.from(packets[0]!.subarray(-40)).equals(Buffer.from(packets[1]!.subarray(-40)))).toBe(true);
    expect(Buffer.from(packets[0]!.subarray(0, 40)).equals(Buffer.from(packets[1]!.subarray(0, 40)))).toBe(false);

    const bad = await pool.encryptSharedForMany('x', [people[1]!.armoredPublicKey, 'not a key'], signer()).catch((e: unknown) => e);
    expect(bad).toMatchObject({ index: 1 });
    const controller = new AbortController();
    const many = Array.from({ length: 200 }, () => people[2]!.armoredPublicKey);
    const aborted = await pool.encryptSharedForMany('x', many, signer(), {
      signal: controller.signal, onProgress: (done) => { if (done >= 4) controller.abort(); },
    }).catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('AbortError');
  });

  it('unlocks a private key on a worker thread, leaving no copy there', async () => {
    const before = await pool.workerKeyCounts();
    const key = await pool.unlockPrivateKey(people[0]!.armoredPrivateKey, 'pass a');
    expect(key.fingerprint).toBe(people[0]!.fingerprint);
    const armored = await pgp.encryptAndSign('via worker-unlocked key', people[1]!.armoredPublicKey, key);
    expect(await pgp.decryptAndVerify(armored, keys[1] as UnlockedKey, ring)).toMatchObject({ signature: 'valid', signerFingerprint: people[0]!.fingerprint });
    expect(await pool.workerKeyCounts()).toEqual(before);
    // Usable for bulk work like any other unlocked key, and wiped like one.
    expect(await pool.encryptForMany([{ text: 't', recipientArmoredKey: people[2]!.armoredPublicKey }], key)).toHaveLength(1);
    key.wipe();
    expect(() => key.privateKey).toThrow(KeyWipedError);
    await expect(pool.unlockPrivateKey(people[0]!.armoredPrivateKey, 'wrong')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(pool.unlockPrivateKey(people[0]!.armoredPublicKey, 'pass a')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('starts threads when work needs them, stops them when idle, and starts them again with the key handed over again', async () => {
    const idle = new CryptoWorkerPool({ size: 2, batchSize: 2, idleStopMs: 300 });
    try {
      expect(idle.runningThreads).toBe(0);
      const me = await idle.unlockPrivateKey(people[1]!.armoredPrivateKey, 'pass b');
      expect(idle.runningThreads).toBe(1); // an unlock needs one thread
      // Bulk work starts all of them (seen as it starts: a thread done early may stop before the call returns).
      const threadsAtStart: number[] = [];
      const onProgress = (done: number): void => { if (done === 0) threadsAtStart.push(idle.runningThreads); };
      const texts = await idle.encryptSharedForMany('idle stop', people.map((p) => p.armoredPublicKey), me, { onProgress });

      await vi.waitFor(() => expect(idle.runningThreads).toBe(0), { timeout: 5000, interval: 50 });
      // Started again on demand, with the key handed over again: the same answers as before.
      const again = await idle.encryptSharedForMany('idle stop', people.map((p) => p.armoredPublicKey), me, { onProgress });
      expect(threadsAtStart).toEqual([2, 2]);
      for (const [i, armored] of [...texts, ...again].entries()) await expectSingleRecipientMessage(armored, i % 3, 'idle stop', 1);
    } finally {
      await idle.dispose();
    }
  });

  it('does not stop a thread in the middle of a call that outlasts the idle time', async () => {
    const busy = new CryptoWorkerPool({ size: 1, batchSize: 1, idleStopMs: 1 });
    try {
      const me = await busy.unlockPrivateKey(people[2]!.armoredPrivateKey, 'pass c');
      const sources = await Promise.all(Array.from({ length: 6 }, (_, i) => pgp.encryptAndSign(`long ${i}`, people[2]!.armoredPublicKey, signer())));
      const out = await busy.reencryptForMany(sources.map((armoredMessage) => ({ armoredMessage, recipientArmoredKeys: [people[1]!.armoredPublicKey] })), me, { verificationKeys: ring });
      for (const [i, [armored]] of out.entries()) await expectSingleRecipientMessage(armored as string, 1, `long ${i}`, 0);
    } finally {
      await busy.dispose();
    }
  });

  describe('with a misbehaving worker', () => {
    let dir: string;
    beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tessera-odd-worker-')); });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** A worker script: `onJob` is the body of `(m, port, fs) => { ... }` run for each job message. */
    function oddWorker(name: string, onJob: string): URL {
      const script = join(dir, `${name}.worker.mjs`);
      writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nimport * as fs from 'node:fs';\n"
        + `const onJob = (m, port, fs) => { ${onJob} };\n`
        + "parentPort.on('message', (m) => { if (!['key', 'ring', 'forget-key'].includes(m.type)) onJob(m, parentPort, fs); });\n");
      return pathToFileURL(script);
    }

    it('fails the calls a thread held when it ends by itself, even cleanly', async () => {
      const quitting = new CryptoWorkerPool({ size: 1, workerUrl: oddWorker('quitting', 'process.exit(0);') });
      try {
        await expect(quitting.decryptMany(['x'], signer())).rejects.toThrow(CryptoError);
        await expect(quitting.unlockPrivateKey(people[0]!.armoredPrivateKey, 'pass a')).rejects.toThrow(/ended unexpectedly/);
      } finally {
        await quitting.dispose();
      }
    });

    it('ends a thread that gives no answer and runs its batch once more on a new thread', async () => {
      // The first job any thread sees is swallowed (never answered); later ones are answered.
      const marker = join(dir, 'swallowed-once');
      const url = oddWorker('swallow-once', `if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); return; }
        port.postMessage({ type: 'done', jobId: m.jobId, results: m.items.map((item) => 'answer to ' + item) });`);
      // The retry runs on a thread started after the stall; 2 s leaves room for its start-up on a loaded machine.
      const stalling = new CryptoWorkerPool({ size: 1, batchSize: 2, stallMs: 2000, workerUrl: url });
      try {
        expect(await stalling.decryptMany(['a', 'b', 'c'], signer())).toEqual(['answer to a', 'answer to b', 'answer to c']);
        expect(stalling.runningThreads).toBe(1);
      } finally {
        await stalling.dispose();
      }
    });

    it('gives up on a batch that gets no answer twice', async () => {
      const silent = new CryptoWorkerPool({ size: 2, stallMs: 200, workerUrl: oddWorker('silent', 'return;') });
      try {
        await expect(silent.decryptMany(['a'], signer())).rejects.toThrow(/gave no answer in 200 ms/);
      } finally {
        await silent.dispose();
      }
    });
  });

  it('handles an empty input without starting work', async () => {
    expect(await pool.decryptMany([], signer())).toEqual([]);
  });
});
