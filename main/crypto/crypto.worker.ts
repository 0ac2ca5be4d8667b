// Worker-thread entry of CryptoWorkerPool: runs batches of encrypt+sign / decrypt+verify with the same functions
// as the main thread. It receives the decrypted private key as binary packets in memory (never from disk), keeps
// the parsed key until told to forget it (then zeroes it and the buffer it came in), and caches parsed recipient keys (a group add encrypts thousands of
// secrets for one new member: parse that key once). Recipients sent with validated material (encryption-material.ts)
// are wrapped for without parsing their key at all: a thread started for one share has no cache yet.
import { parentPort } from 'node:worker_threads';
import { readKey, readPrivateKey, type PublicKey } from 'openpgp';
import {
  decryptAndVerify, encryptAndSign, openForRewrap, prepareRecipient, SignatureError, unlockPrivateKey, wrapWith,
  type DecryptResult, type PreparedRecipient, type WrapKey,
} from './openpgp.service';
import { PublicKeyRing } from './public-key-ring';
import { sessionKeyProvider, useFastSessionKeys } from './session-keys/active';
import type { SessionKeyEncrypter } from './session-keys/provider';
import { UnlockedKey } from './unlocked-key';
import type { FromWorker, RecipientKeyInput, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('crypto.worker.ts must run in a worker thread');

/** Parsed keys, with the transferred buffer they were parsed from: openpgp.js keeps views into it, so it is zeroed only when the key is forgotten. */
const keys = new Map<number, { key: Promise<UnlockedKey>; binary: Uint8Array }>();
const rings = new Map<number, Promise<PublicKeyRing>>();
const recipients = new Map<string, Promise<PublicKey>>();
const RECIPIENT_CACHE_LIMIT = 2000;

function recipientKey(armoredKey: string): Promise<PublicKey> {
  let key = recipients.get(armoredKey);
  if (!key) {
    if (recipients.size >= RECIPIENT_CACHE_LIMIT) recipients.clear();
    key = readKey({ armoredKey });
    recipients.set(armoredKey, key);
  }
  return key;
}

/** A recipient for one batch: an encrypter made from its material alone, or its parsed key with the subkey looked up. */
type BatchRecipient = { encrypter: SessionKeyEncrypter; armoredKey: string } | PreparedRecipient;

function isMaterialOnly(recipient: BatchRecipient): recipient is { encrypter: SessionKeyEncrypter; armoredKey: string } {
  return 'armoredKey' in recipient;
}

/**
 * Recipients for one batch. A recipient with material in force is wrapped for straight from it when the active
 * provider can (validated when the key was learned: encryption-material.ts); otherwise the key is parsed (cached
 * across batches) and its subkey's validity (expiry, revocation) is judged again for each batch, as openpgp.js does
 * for each message.
 */
function batchRecipients(): (input: RecipientKeyInput) => Promise<BatchRecipient> {
  const prepared = new Map<string, Promise<BatchRecipient>>();
  const now = Date.now();
  const provider = sessionKeyProvider();
  return (input) => {
    const { armoredKey, encryption } = typeof input === 'string' ? { armoredKey: input, encryption: null } : input;
    const cacheKey = encryption ? `${armoredKey}\n${JSON.stringify(encryption)}` : armoredKey;
    let recipient = prepared.get(cacheKey);
    if (!recipient) {
      const encrypter = provider.encrypterFromMaterial(encryption, now);
      recipient = encrypter ? Promise.resolve({ encrypter, armoredKey }) : recipientKey(armoredKey).then((key) => prepareRecipient(key, provider));
      prepared.set(cacheKey, recipient);
    }
    return recipient;
  };
}

function wrapFor(sessionKey: WrapKey, body: Uint8Array, recipient: BatchRecipient): Promise<string> {
  return wrapWith(sessionKey, body, recipient.encrypter);
}

async function forgetKey(keyRef: number): Promise<void> {
  const entry = keys.get(keyRef);
  if (!entry) return;
  keys.delete(keyRef);
  const key = await entry.key.catch(() => null);
  key?.wipe();
  entry.binary.fill(0);
}

function need<T>(value: Promise<T> | undefined, what: string): Promise<T> {
  if (!value) throw new Error(`The worker has no ${what}.`);
  return value;
}

/**
 * Decrypts, checks the signature verdict, and re-wraps the same session key and encrypted data for every recipient:
 * they verify the original writer's signature. Messages that cannot be re-wrapped as is (another packet layout)
 * are re-encrypted and signed by `key` instead. The plaintext never leaves this thread.
 */
async function reencrypt(
  item: { armoredMessage: string; recipientArmoredKeys: readonly RecipientKeyInput[] }, key: UnlockedKey, ring: PublicKeyRing | undefined, accept: readonly string[],
  recipientOf: (input: RecipientKeyInput) => Promise<BatchRecipient>,
): Promise<string[]> {
  const { text, signature, rewrap } = await openForRewrap(item.armoredMessage, key, ring);
  try {
    if (!accept.includes(signature)) throw new SignatureError(`The secret's signature is ${signature}; it is not passed on.`);
    const out: string[] = [];
    for (const input of item.recipientArmoredKeys) {
      const recipient = await recipientOf(input);
      if (rewrap) out.push(await wrapFor(rewrap.sessionKey, rewrap.body, recipient));
      else {
        // Another packet layout: a full encrypt, for which openpgp.js needs (and judges) the parsed key.
        out.push(await encryptAndSign(text, isMaterialOnly(recipient) ? await recipientKey(recipient.armoredKey) : recipient.key, key));
      }
    }
    return out;
  } finally {
    rewrap?.sessionKey.data.fill(0);
  }
}

/**
 * Runs a batch's items concurrently: openpgp.js hands X25519/Ed25519 work to WebCrypto, which runs on libuv's
 * thread pool, so one item at a time leaves this thread idle about a quarter of the time (measured: ~2x throughput
 * for 8 at once). Results keep input order; the first failing index is reported, as before.
 */
async function runBatch<T, R>(jobId: number, items: readonly T[], fn: (item: T) => Promise<R>): Promise<FromWorker> {
  const settled = await Promise.allSettled(items.map(fn));
  const index = settled.findIndex((r) => r.status === 'rejected');
  if (index >= 0) {
    const e = (settled[index] as PromiseRejectedResult).reason as Error;
    return { type: 'failed', jobId, index, error: { name: e.name, message: e.message } };
  }
  return { type: 'done', jobId, results: settled.map((r) => (r as PromiseFulfilledResult<R>).value) as string[] | DecryptResult[] | string[][] };
}

/** Runs a job and posts its answer. */
function job(jobId: number, work: () => Promise<FromWorker>): void {
  void work().then(
    // A decrypted key is transferred (moved), never copied.
    (reply) => port?.postMessage(reply, reply.type === 'unlocked' ? [reply.binary.buffer as ArrayBuffer] : []),
    (err: Error) => port?.postMessage({ type: 'failed', jobId, index: 0, error: { name: err.name, message: err.message } } satisfies FromWorker),
  );
}

/** Zeroes every key this thread holds, then ends the thread (terminating it from outside would leave them in freed memory). */
async function stop(): Promise<void> {
  await Promise.all([...keys.keys()].map(forgetKey));
  process.exit(0);
}

async function wrap(msg: Extract<ToWorker, { type: 'wrap' }>): Promise<FromWorker> {
  try {
    const recipientOf = batchRecipients();
    return await runBatch(msg.jobId, msg.items, async (input) => wrapFor(msg.sessionKey, msg.body, await recipientOf(input)));
  } finally {
    msg.sessionKey.data.fill(0); // this thread's copy
  }
}

async function run(msg: Extract<ToWorker, { type: 'encrypt' | 'decrypt' | 'reencrypt' }>): Promise<FromWorker> {
  const key = await need(keys.get(msg.keyRef)?.key, `key ${msg.keyRef}`);
  const ring = msg.type !== 'encrypt' && msg.ringId !== null ? await need(rings.get(msg.ringId), `ring ${msg.ringId}`) : undefined;
  switch (msg.type) {
    case 'encrypt':
      return runBatch(msg.jobId, msg.items, async (item) => encryptAndSign(item.text, await recipientKey(item.recipientArmoredKey), key));
    case 'decrypt':
      return runBatch(msg.jobId, msg.items, (item) => decryptAndVerify(item, key, ring));
    case 'reencrypt': {
      const recipientOf = batchRecipients();
      return runBatch(msg.jobId, msg.items, (item) => reencrypt(item, key, ring, msg.accept, recipientOf));
    }
  }
}

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'key': {
      const key = readPrivateKey({ binaryKey: msg.binary }).then((k) => new UnlockedKey(k));
      key.catch(() => undefined); // reported when a job uses it
      keys.set(msg.keyRef, { key, binary: msg.binary });
      break;
    }
    case 'forget-key':
      void forgetKey(msg.keyRef);
      break;
    case 'ring':
      rings.clear(); // one ring at a time: a new sync replaces the old one
      rings.set(msg.ringId, PublicKeyRing.fromArmored(msg.armoredKeys));
      break;
    case 'unlock':
      job(msg.jobId, async () => {
        const key = await unlockPrivateKey(msg.armoredPrivateKey, msg.passphrase);
        const binary = key.exportDecryptedBinary();
        key.wipe(); // this thread keeps no copy; the binary is handed over
        return { type: 'unlocked', jobId: msg.jobId, binary };
      });
      break;
    case 'stats':
      port.postMessage({ type: 'stats', jobId: msg.jobId, keys: keys.size } satisfies FromWorker);
      break;
    case 'stop':
      void stop();
      break;
    case 'fast-crypto':
      useFastSessionKeys(msg.on);
      break;
    case 'wrap':
      job(msg.jobId, () => wrap(msg));
      break;
    case 'encrypt':
    case 'decrypt':
    case 'reencrypt':
      job(msg.jobId, () => run(msg));
      break;
  }
});
