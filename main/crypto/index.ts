// main/crypto: every OpenPGP operation of the desktop app (the only client code importing openpgp).
//
//   import { OpenPgpService, PublicKeyRing, CryptoWorkerPool, WrongPassphraseError } from '../crypto';
//   const pgp = new OpenPgpService();
//   const me = await pgp.unlockPrivateKey(armoredPrivateKey, passphrase);
//   const pool = new CryptoWorkerPool();   // bulk work on min(cores, 4) worker threads
//
// See each module's header for its API.
export { encryptionMaterial, materialInForce, type EncryptionMaterial } from './encryption-material';
export * from './errors';
export * from './openpgp.service';
export * from './public-key-ring';
export * from './unlocked-key';
export { BulkItemError, CRYPTO_WORKER_ENTRY, CryptoWorkerPool, DEFAULT_IDLE_STOP_MS, type BulkOptions, type DecryptManyOptions, type ReencryptOptions, type WorkerPoolOptions } from './worker-pool';
export type { RecipientKeyInput } from './worker-protocol';
