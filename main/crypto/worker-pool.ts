// A pool of worker threads for bulk OpenPGP work (share to a big group, group add, re-encrypt on edit).
//
//   const pool = new CryptoWorkerPool();                       // size = min(cores, 4)
//   const armored = await pool.encryptForMany(
//     users.map((u) => ({ text: secretJson, recipientArmoredKey: u.armoredKey })), me,
//     { onProgress: (done, total) => emit('share.progress', { done, total }), signal: controller.signal });
//   const results = await pool.decryptMany(rows.map((r) => r.data), me, { verificationKeys: ring });
//   const perUser = await pool.encryptSharedForMany(secretJson, users.map((u) => u.armoredKey), me);  // share / edit
//   // or users.map((u) => ({ armoredKey: u.armoredKey, encryption: u.encryption })): no key parse in the threads
//   const perRecipient = await pool.reencryptForMany(                // group add: plaintext never leaves the workers
//     own.map((s) => ({ armoredMessage: s.data, recipientArmoredKeys: [newMemberKey] })), me, { verificationKeys: ring });
//   await pool.close();
//
// Results come back in input order. The first failing item rejects the whole call with BulkItemError (index and
// reason), because a share or group add is all-or-nothing on the server. Aborting the signal stops handing out
// work and rejects with an AbortError at once; batches already running finish and are discarded.
//
// Threads start when work needs them (an unlock starts one, a bulk call all of them) and stop after `idleStopMs`
// without work, wiping their keys first: each thread is a V8 isolate with openpgp.js loaded (~20-35 MB), and bulk
// work is rare next to the hours a vault stays unlocked. Their young generation is capped (YOUNG_GENERATION_MB).
// A batch that gets no answer within `stallMs` ends its thread and runs once more on a new one (DEFAULT_STALL_MS).
// Session keys are decrypted and encrypted by the threads' session-key provider (session-keys/: node:crypto where
// it pays, unless setFastSessionKeys(false) asked for openpgp.js only); openpgp.js verifies every signature. A
// recipient may come as { armoredKey, encryption }: the subkey material validated when the key was learned
// (encryption-material.ts), so a freshly started thread can wrap for it without parsing the key.
//
// The unlocked key reaches each worker once, as decrypted binary packets transferred (not copied) through
// postMessage and zeroed by the worker when the key is forgotten; it never touches the disk. When the UnlockedKey is wiped,
// every worker is told to wipe its copy.
//
// Loading the worker: from source (vitest, tsx) the pool loads `crypto.worker.ts` through tsx's API; from a
// bundle it starts `crypto.worker.js` next to the bundle file, so the main build must emit that entry
// (CRYPTO_WORKER_ENTRY below). Both paths are covered by tests.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readPrivateKey } from 'openpgp';
import { abortError, CryptoError, InvalidKeyError, WrongPassphraseError } from './errors';
import { encryptSharedBody, type DecryptResult, type SignatureStatus } from './openpgp.service';
import type { PublicKeyRing } from './public-key-ring';
import { fastSessionKeysOn, useFastSessionKeys } from './session-keys/active';
import { UnlockedKey } from './unlocked-key';
import type { FromWorker, RecipientKeyInput, ToWorker } from './worker-protocol';

/** For the main bundle's build config: emit this source file as `crypto.worker.js` beside the main entry. */
export const CRYPTO_WORKER_ENTRY = { name: 'crypto.worker', source: 'main/crypto/crypto.worker.ts' } as const;

export interface BulkOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DecryptManyOptions extends BulkOptions {
  /** Organisation public keys to check signatures against; without it every signed item is 'unknown-signer'. */
  verificationKeys?: PublicKeyRing;
}

export interface ReencryptOptions extends BulkOptions {
  /** Organisation public keys the source secrets' signatures are checked against. */
  verificationKeys: PublicKeyRing;
  /** Signature verdicts accepted on a source secret (default: only 'valid'); any other fails the call. */
  accept?: readonly SignatureStatus[];
}

/** Default WorkerPoolOptions.idleStopMs. */
export const DEFAULT_IDLE_STOP_MS = 60_000;

/**
 * Default WorkerPoolOptions.stallMs. A batch is at most a few seconds of work (8 RSA-4096 re-encryptions take well
 * under one here). The bound was added when about one 5,000-secret group add in ten hung: a thread deadlocked in
 * Node 20's crypto (a key generation job finalized inside the export of its own key). Node 24 has no such hang,
 * but the bound stays as a guard: a thread that stops answering must not hang a share or a group add forever.
 */
export const DEFAULT_STALL_MS = 15_000;

/**
 * Young-generation cap of each thread (V8's default lets it grow to 48 MB). Bulk work allocates short-lived packets
 * and buffers: measured on 2 threads, 4 MB keeps ~15 MB less per warm thread with the same group-add and share
 * times in the sharing and group-add benchmarks.
 */
const YOUNG_GENERATION_MB = 4;

export interface WorkerPoolOptions {
  /** Number of threads; default min(available cores, 4). */
  size?: number;
  /** Items per message to a worker; small enough for smooth progress, big enough to amortise messaging. */
  batchSize?: number;
  /** Override the worker script (tests, unusual bundles). */
  workerUrl?: URL;
  execArgv?: string[];
  /** A thread with no work for this long is stopped (its keys wiped first); default DEFAULT_IDLE_STOP_MS. */
  idleStopMs?: number;
  /** A batch without an answer for this long ends its thread and runs once more on a new one; default DEFAULT_STALL_MS. */
  stallMs?: number;
}

/** A batch got no answer in time; its thread was ended. */
class StalledWorkerError extends CryptoError {}

/** One item of a bulk call failed; `index` is its position in the input. */
export class BulkItemError extends CryptoError {
  constructor(readonly index: number, readonly reasonName: string, reason: string) {
    super(`Item ${index} failed: ${reason}`);
  }
}

interface Slot {
  worker: Worker;
  /** Jobs posted to this thread and not answered yet. */
  pending: Set<number>;
  busy: boolean;
  keys: Set<number>;
  ringId: number | null;
  /** Stops the thread when it has been idle for idleStopMs; cleared while it works. */
  idleTimer: ReturnType<typeof setTimeout> | null;
}

interface Job {
  resolve(results: unknown[]): void;
  reject(err: Error): void;
}

interface WorkerSpec {
  /** A script URL, or (from source) a small eval'd bootstrap that loads the .ts entry through tsx. */
  entry: URL | string;
  eval: boolean;
  execArgv: string[];
}

/** Path of tsx's ESM API (its CJS build cannot tsImport from a worker). */
function resolveTsxEsmApi(from: string): string {
  const require = createRequire(from);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import: { default: string } }> };
  return join(dirname(manifestPath), (manifest.exports['./esm/api'] as { import: { default: string } }).import.default);
}

function defaultWorkerSpec(): WorkerSpec {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from source (vitest, tsx): `--import tsx` in a worker's execArgv does not install tsx's hooks on
    // Node 20, so the worker starts as a tiny script that imports the TypeScript entry through tsx's API.
    const tsxApi = pathToFileURL(resolveTsxEsmApi(here)).href;
    const entry = new URL('./crypto.worker.ts', here).href;
    const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}));`;
    return { entry: code, eval: true, execArgv: [] };
  }
  // Bundled: the worker is a sibling file. Built from a variable so bundlers do not try to inline it as an asset.
  const name = ['crypto.worker.js', 'crypto.worker.mjs', 'crypto.worker.cjs'].find((n) => existsSync(fileURLToPath(new URL(n, here))));
  if (!name) throw new CryptoError(`crypto.worker.js was not found next to ${fileURLToPath(here)}; add CRYPTO_WORKER_ENTRY to the build.`);
  return { entry: new URL(name, here), eval: false, execArgv: [] };
}

let nextKeyRef = 1;
let nextJobId = 1;

export class CryptoWorkerPool {
  readonly size: number;
  readonly #batchSize: number;
  readonly #spec: WorkerSpec | undefined;
  #slots: Slot[] = [];
  readonly #jobs = new Map<number, Job>();
  readonly #keyRefs = new WeakMap<UnlockedKey, number>();
  #idleWaiters: (() => void)[] = [];
  readonly #activeCalls = new Set<(err: Error) => void>();
  #closed = false;
  readonly #idleStopMs: number;
  readonly #stallMs: number;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism(), 4));
    this.#batchSize = Math.max(1, options.batchSize ?? 8);
    this.#idleStopMs = Math.max(0, options.idleStopMs ?? DEFAULT_IDLE_STOP_MS);
    this.#stallMs = Math.max(1, options.stallMs ?? DEFAULT_STALL_MS);
    this.#spec = options.workerUrl ? { entry: options.workerUrl, eval: false, execArgv: options.execArgv ?? [] } : undefined;
  }

  /**
   * The `fastCrypto` setting, for this thread and every crypto thread (running or started later): node:crypto
   * session keys where they pay (true, the default), or openpgp.js for every session key (false).
   */
  setFastSessionKeys(on: boolean): void {
    useFastSessionKeys(on);
    for (const slot of this.#slots) slot.worker.postMessage({ type: 'fast-crypto', on } satisfies ToWorker);
  }

  /** Encrypts each text for its recipient, signed by `signer`. Returns armored messages in input order. */
  encryptForMany(items: readonly { text: string; recipientArmoredKey: string }[], signer: UnlockedKey, options: BulkOptions = {}): Promise<string[]> {
    return this.#runBulk(items, signer, options, (jobId, keyRef, batch) => ({ type: 'encrypt', jobId, keyRef, items: batch }), null) as Promise<string[]>;
  }

  /**
   * One text for many recipients (share, edit): signs and encrypts it ONCE under a fresh session key here, then the
   * workers wrap that session key for each recipient, giving each their own single-recipient message
   * [PKESK(recipient), shared SEIPD] (session-key reuse, as any multi-recipient OpenPGP message does). Per recipient
   * this costs one public-key operation instead of a full sign and encrypt. Armored messages in input order.
   */
  async encryptSharedForMany(text: string, recipientArmoredKeys: readonly RecipientKeyInput[], signer: UnlockedKey, options: BulkOptions = {}): Promise<string[]> {
    if (options.signal?.aborted) throw abortError(options.signal);
    const { sessionKey, body } = await encryptSharedBody(text, signer);
    try {
      return await this.#runBulk(recipientArmoredKeys, signer, options,
        (jobId, keyRef, batch) => ({ type: 'wrap', jobId, keyRef, sessionKey, body, items: batch }), null) as string[];
    } finally {
      sessionKey.data.fill(0); // each worker zeroes its own copy after its batch
    }
  }

  /** Decrypts each armored message with `key` and judges its signature. Results in input order. */
  decryptMany(armoredMessages: readonly string[], key: UnlockedKey, options: DecryptManyOptions = {}): Promise<DecryptResult[]> {
    const ring = options.verificationKeys ?? null;
    return this.#runBulk(armoredMessages, key, options, (jobId, keyRef, batch) => ({ type: 'decrypt', jobId, keyRef, ringId: ring?.id ?? null, items: batch }), ring) as Promise<DecryptResult[]>;
  }

  /**
   * Unlocks a private key on a worker thread, so the ~40 ms (curve25519) to ~500 ms (GnuPG RSA) of passphrase
   * hashing runs while the main thread opens the cache and builds the search index:
   *   const unlocking = pool.unlockPrivateKey(armored, passphrase); const records = cache.resources.list(); ...
   *   const me = await unlocking;   // WrongPassphraseError / InvalidKeyError as with OpenPgpService
   * The decrypted key comes back as binary packets transferred through postMessage (memory only); the returned
   * UnlockedKey zeroes those bytes when wiped.
   */
  async unlockPrivateKey(armoredPrivateKey: string, passphrase: string): Promise<UnlockedKey> {
    if (this.#closed) throw new CryptoError('The crypto worker pool was disposed.');
    this.#ensureWorkers(1);
    const slot = this.#slots.find((s) => !s.busy) ?? (this.#slots[0] as Slot);
    const jobId = nextJobId++;
    this.#cancelIdleStop(slot);
    slot.worker.ref();
    let binary: Uint8Array;
    try {
      binary = await new Promise<Uint8Array>((resolve, reject) => {
        this.#track(slot, jobId, { resolve: (r) => resolve(r[0] as Uint8Array), reject });
        slot.worker.postMessage({ type: 'unlock', jobId, armoredPrivateKey, passphrase } satisfies ToWorker);
      });
    } catch (err) {
      if (err instanceof BulkItemError && err.reasonName === 'WrongPassphraseError') throw new WrongPassphraseError({ cause: err });
      if (err instanceof BulkItemError && err.reasonName === 'InvalidKeyError') throw new InvalidKeyError(err.message.replace(/^Item \d+ failed: /, ''), { cause: err });
      throw err;
    } finally {
      if (!slot.busy) {
        slot.worker.unref();
        this.#scheduleIdleStop(slot);
      }
    }
    let key: UnlockedKey;
    try {
      key = new UnlockedKey(await readPrivateKey({ binaryKey: binary }), { backing: binary });
    } catch (err) {
      binary.fill(0);
      throw err;
    }
    return key;
  }

  /** Diagnostics (tests): how many threads are running. */
  get runningThreads(): number {
    return this.#slots.length;
  }

  /** Diagnostics (tests): the number of private keys each running worker holds. */
  async workerKeyCounts(): Promise<number[]> {
    return Promise.all(this.#slots.map((slot) => new Promise<number>((resolve, reject) => {
      const jobId = nextJobId++;
      this.#track(slot, jobId, { resolve: (r) => resolve(r[0] as number), reject });
      slot.worker.postMessage({ type: 'stats', jobId } satisfies ToWorker);
    })));
  }

  /**
   * Group add: passes existing secrets on to new recipients. Decrypts each message with `key`, requires an accepted
   * signature verdict (a secret the server forged or altered is not passed on), and re-wraps its session key and
   * encrypted data for each of its recipients, so they receive the same signed content and verify the ORIGINAL
   * writer's signature (messages in another packet layout are re-encrypted and signed by `key` instead). The plaintext
   * and session keys stay inside the worker threads. Result: for each item, one armored single-recipient message per
   * recipient, in order. A refused signature fails the call with BulkItemError (reasonName 'SignatureError').
   */
  reencryptForMany(
    items: readonly { armoredMessage: string; recipientArmoredKeys: readonly RecipientKeyInput[] }[], key: UnlockedKey, options: ReencryptOptions,
  ): Promise<string[][]> {
    const ring = options.verificationKeys;
    const accept = [...(options.accept ?? ['valid'])];
    return this.#runBulk(items, key, options, (jobId, keyRef, batch) => ({ type: 'reencrypt', jobId, keyRef, ringId: ring.id, accept, items: batch }), ring) as Promise<string[][]>;
  }

  /** Stops the threads (each wipes its keys first). In-flight calls reject. The pool restarts threads if used again. */
  async close(): Promise<void> {
    const slots = this.#slots;
    this.#slots = [];
    this.#failAll(new CryptoError('The crypto worker pool was closed.'));
    await Promise.all(slots.map((slot) => this.#stopThread(slot)));
  }

  /** Asks a thread to wipe its keys and end; terminates it if it has not within a second (a thread stuck in work). */
  async #stopThread(slot: Slot): Promise<void> {
    this.#cancelIdleStop(slot);
    const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
    slot.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    const timer = setTimeout(() => void slot.worker.terminate(), 1000);
    await exited;
    clearTimeout(timer);
  }

  /** Closes for good (used on quit). */
  async dispose(): Promise<void> {
    this.#closed = true;
    await this.close();
  }

  async #runBulk<T>(
    items: readonly T[], key: UnlockedKey, options: BulkOptions,
    message: (jobId: number, keyRef: number, batch: T[]) => ToWorker, ring: PublicKeyRing | null,
  ): Promise<unknown[]> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError(signal);
    if (this.#closed) throw new CryptoError('The crypto worker pool was disposed.');
    const keyRef = this.#keyRefFor(key); // throws KeyWipedError if already wiped
    this.#ensureWorkers(this.size);
    const results: unknown[] = new Array<unknown>(items.length);
    const batches: number[] = [];
    for (let start = 0; start < items.length; start += this.#batchSize) batches.push(start);
    const retried = new Set<number>();
    let done = 0;
    onProgress?.(0, items.length);

    return new Promise<unknown[]>((resolve, reject) => {
      let settled = false;
      let inFlight = 0;
      const finish = (err?: Error): void => {
        if (settled) return;
        settled = true;
        this.#activeCalls.delete(finish);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(results);
      };
      const onAbort = (): void => finish(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#activeCalls.add(finish);

      const pump = (): void => {
        this.#ensureWorkers(this.size); // a stalled thread may have been ended
        while (!settled && batches.length > 0) {
          const slot = this.#slots.find((s) => !s.busy);
          if (!slot) {
            this.#idleWaiters.push(pump);
            return;
          }
          const start = batches.shift() as number;
          const batch = items.slice(start, start + this.#batchSize);
          inFlight++;
          this.#dispatch(slot, key, keyRef, ring, message, batch).then(
            (batchResults) => {
              inFlight--;
              if (settled) return;
              batchResults.forEach((r, i) => { results[start + i] = r; });
              done += batchResults.length;
              onProgress?.(done, items.length);
              if (batches.length === 0 && inFlight === 0) finish();
              else pump();
            },
            (err: Error) => {
              inFlight--;
              if (err instanceof StalledWorkerError && !retried.has(start) && !settled) {
                retried.add(start); // work is pure: running a batch again on a new thread is safe
                batches.unshift(start);
                pump();
                return;
              }
              finish(err instanceof BulkItemError ? new BulkItemError(start + err.index, err.reasonName, err.message.replace(/^Item \d+ failed: /, '')) : err);
            },
          );
        }
        if (!settled && batches.length === 0 && inFlight === 0) finish();
      };
      pump();
    });
  }

  #dispatch<T>(
    slot: Slot, key: UnlockedKey, keyRef: number, ring: PublicKeyRing | null,
    message: (jobId: number, keyRef: number, batch: T[]) => ToWorker, batch: T[],
  ): Promise<unknown[]> {
    if (!slot.keys.has(keyRef)) {
      const binary = key.exportDecryptedBinary();
      slot.worker.postMessage({ type: 'key', keyRef, binary } satisfies ToWorker, [binary.buffer as ArrayBuffer]);
      slot.keys.add(keyRef);
    }
    if (ring && slot.ringId !== ring.id) {
      slot.worker.postMessage({ type: 'ring', ringId: ring.id, armoredKeys: ring.armoredKeys } satisfies ToWorker);
      slot.ringId = ring.id;
    }
    return this.#send(slot, (jobId) => message(jobId, keyRef, batch));
  }

  /**
   * Posts one job to a slot, marking it busy until the answer; wakes waiting calls when it is free again. A job
   * without an answer after stallMs ends its thread (it cannot be asked to wipe its keys; terminating frees its
   * isolate) and rejects with StalledWorkerError.
   */
  #send(slot: Slot, message: (jobId: number) => ToWorker): Promise<unknown[]> {
    slot.busy = true;
    this.#cancelIdleStop(slot);
    slot.worker.ref(); // keep the process alive while work is outstanding
    const jobId = nextJobId++;
    return new Promise<unknown[]>((resolve, reject) => {
      const stall = setTimeout(() => {
        if (!this.#jobs.delete(jobId)) return;
        slot.pending.delete(jobId);
        this.#slots = this.#slots.filter((s) => s !== slot);
        this.#cancelIdleStop(slot);
        // A thread that never answered may not end when told to either: it must not keep the app alive.
        slot.worker.unref();
        void slot.worker.terminate();
        reject(new StalledWorkerError(`A crypto worker gave no answer in ${this.#stallMs} ms and was ended.`));
      }, this.#stallMs);
      const release = (): void => {
        clearTimeout(stall);
        slot.busy = false;
        slot.worker.unref();
        this.#scheduleIdleStop(slot);
        // Wake every waiting call; those that find no free slot queue themselves again.
        const waiters = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const wake of waiters) wake();
      };
      this.#track(slot, jobId, {
        resolve: (r) => { release(); resolve(r); },
        reject: (e) => { release(); reject(e); },
      });
      slot.worker.postMessage(message(jobId));
    });
  }

  #track(slot: Slot, jobId: number, job: Job): void {
    this.#jobs.set(jobId, job);
    slot.pending.add(jobId);
  }

  #keyRefFor(key: UnlockedKey): number {
    void key.privateKey; // throws KeyWipedError when wiped
    let ref = this.#keyRefs.get(key);
    if (ref === undefined) {
      const newRef = nextKeyRef++;
      ref = newRef;
      this.#keyRefs.set(key, newRef);
      key.onWipe(() => {
        for (const slot of this.#slots) {
          if (slot.keys.delete(newRef)) slot.worker.postMessage({ type: 'forget-key', keyRef: newRef } satisfies ToWorker);
        }
      });
    }
    return ref;
  }

  /** Starts threads until `count` run. */
  #ensureWorkers(count: number): void {
    if (this.#slots.length >= count) return;
    const spec = this.#spec ?? defaultWorkerSpec();
    while (this.#slots.length < count) this.#slots.push(this.#spawn(spec));
  }

  #scheduleIdleStop(slot: Slot): void {
    this.#cancelIdleStop(slot);
    slot.idleTimer = setTimeout(() => this.#stopIdle(slot), this.#idleStopMs);
    slot.idleTimer.unref();
  }

  #cancelIdleStop(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
  }

  /** Takes an idle thread out of the pool and lets it wipe its keys and end; the next call that needs it starts another. */
  #stopIdle(slot: Slot): void {
    slot.idleTimer = null;
    if (slot.busy || !this.#slots.includes(slot)) return;
    this.#slots = this.#slots.filter((s) => s !== slot);
    void this.#stopThread(slot);
  }

  #spawn(spec: WorkerSpec): Slot {
    const worker = new Worker(spec.entry, { eval: spec.eval, execArgv: spec.execArgv, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, pending: new Set(), busy: false, keys: new Set(), ringId: null, idleTimer: null };
    worker.on('message', (msg: FromWorker) => {
      slot.pending.delete(msg.jobId);
      const job = this.#jobs.get(msg.jobId);
      if (!job) return;
      this.#jobs.delete(msg.jobId);
      if (msg.type === 'done') job.resolve(msg.results);
      else if (msg.type === 'stats') job.resolve([msg.keys]);
      else if (msg.type === 'unlocked') job.resolve([msg.binary]);
      else job.reject(new BulkItemError(msg.index, msg.error.name, msg.error.message));
    });
    worker.on('error', (err) => this.#onWorkerDeath(slot, err));
    worker.on('exit', (code) => {
      const ended = new CryptoError(`A crypto worker ended unexpectedly (exit code ${code}).`);
      // A thread leaves the pool before it is told to stop, so any exit of one still in the pool, even a clean one,
      // is a death.
      this.#onWorkerDeath(slot, ended);
      // Jobs it still held fail whichever way it ended (an unlock may share a thread that was then stopped).
      for (const jobId of slot.pending) {
        const job = this.#jobs.get(jobId);
        this.#jobs.delete(jobId);
        job?.reject(ended);
      }
      slot.pending.clear();
    });
    worker.unref(); // an idle pool must not keep the process alive; ref'd while a batch runs
    // Before any job: messages to a thread are handled in order.
    worker.postMessage({ type: 'fast-crypto', on: fastSessionKeysOn() } satisfies ToWorker);
    return slot;
  }

  #onWorkerDeath(slot: Slot, err: Error): void {
    if (!this.#slots.includes(slot)) return;
    // Simplest safe recovery: drop every thread (their keys with them) and fail what was running; next call respawns.
    this.#failAll(err instanceof CryptoError ? err : new CryptoError(`A crypto worker failed: ${err.message}`, { cause: err }));
    void this.close().catch(() => undefined);
  }

  #failAll(err: Error): void {
    const jobs = [...this.#jobs.values()];
    this.#jobs.clear();
    for (const job of jobs) job.reject(err);
    this.#idleWaiters = [];
    for (const finish of [...this.#activeCalls]) finish(err);
  }
}
