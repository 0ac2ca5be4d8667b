// Messages between CryptoWorkerPool (main thread) and crypto.worker.ts. Plain structured-clone data only.
import type { EncryptionMaterial } from './encryption-material';
import type { DecryptResult, SignatureStatus } from './openpgp.service';

/**
 * A recipient of a wrap or re-encrypt: an armored public key, or one with the validated material of its encryption
 * subkey (encryption-material.ts), which the worker wraps for without parsing the key while it is in force.
 */
export type RecipientKeyInput = string | { armoredKey: string; encryption?: EncryptionMaterial | null };

export type ToWorker =
  /** A decrypted private key as binary packets; the buffer is transferred, and zeroed by the worker when the key is forgotten. */
  | { type: 'key'; keyRef: number; binary: Uint8Array }
  | { type: 'forget-key'; keyRef: number }
  | { type: 'ring'; ringId: number; armoredKeys: readonly string[] }
  | { type: 'encrypt'; jobId: number; keyRef: number; items: { text: string; recipientArmoredKey: string }[] }
  | { type: 'decrypt'; jobId: number; keyRef: number; ringId: number | null; items: string[] }
  /** Wrap one shared body (see encryptSharedBody) for each recipient: [PKESK(recipient, sessionKey), body]. */
  | { type: 'wrap'; jobId: number; keyRef: number; sessionKey: { data: Uint8Array; algorithm: string }; body: Uint8Array; items: RecipientKeyInput[] }
  /** Decrypt each message, check its signature is one of `accept`, re-wrap its session key and data for each recipient. */
  | { type: 'reencrypt'; jobId: number; keyRef: number; ringId: number | null; accept: SignatureStatus[]; items: { armoredMessage: string; recipientArmoredKeys: readonly RecipientKeyInput[] }[] }
  /** Wipe every key this thread holds, then end the thread (the pool stops idle threads to give their memory back). */
  | { type: 'stop' }
  /** The `fastCrypto` setting: node:crypto session keys where they pay (true), or openpgp.js for all (false). */
  | { type: 'fast-crypto'; on: boolean }
  /** Diagnostics for tests: how many keys the worker holds. */
  | { type: 'stats'; jobId: number }
  /** Decrypt a private key with its passphrase (off the main thread); answered with 'unlocked'. */
  | { type: 'unlock'; jobId: number; armoredPrivateKey: string; passphrase: string };

export type FromWorker =
  | { type: 'done'; jobId: number; results: string[] | DecryptResult[] | string[][] }
  | { type: 'stats'; jobId: number; keys: number }
  /** The decrypted key as binary packets; the buffer is transferred, the worker keeps nothing. */
  | { type: 'unlocked'; jobId: number; binary: Uint8Array }
  | { type: 'failed'; jobId: number; index: number; error: { name: string; message: string } };
