// Messages between CryptoWorkerPool (main thread) and crypto.worker.ts. Plain structured-clone data only.
import type { DecryptResult } from './openpgp.service';

export type ToWorker =
  /** A decrypted private key as binary packets; the buffer is transferred, and zeroed by the worker when the key is forgotten. */
  | { type: 'key'; keyRef: number; binary: Uint8Array }
  | { type: 'forget-key'; keyRef: number }
  | { type: 'ring'; ringId: number; armoredKeys: readonly string[] }
  | { type: 'encrypt'; jobId: number; keyRef: number; items: { text: string; recipientArmoredKey: string }[] }
  | { type: 'decrypt'; jobId: number; keyRef: number; ringId: number | null; items: string[] }
  /** Diagnostics for tests: how many keys the worker holds. */
  | { type: 'stats'; jobId: number };

export type FromWorker =
  | { type: 'done'; jobId: number; results: string[] | DecryptResult[] }
  | { type: 'stats'; jobId: number; keys: number }
  | { type: 'failed'; jobId: number; index: number; error: { name: string; message: string } };
