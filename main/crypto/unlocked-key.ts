// A decrypted private key held in main's memory for the length of a session, with a `wipe()` that locks it.
//
//   const key = await crypto.unlockPrivateKey(armored, passphrase); // UnlockedKey
//   await crypto.encryptAndSign(text, recipient, key);
//   key.wipe(); // on lock: any later use throws KeyWipedError; listeners (e.g. the worker pool) are told
//
// What wiping can and cannot do: openpgp.js keeps the secret key material in Uint8Arrays inside its
// SecretKeyPacket objects; `wipe()` zero-fills those arrays (openpgp's clearPrivateParams) and drops every
// reference we hold. It cannot scrub copies the JS engine or openpgp.js made internally (BigInt limbs during RSA
// operations, intermediate buffers, strings), which stay until the garbage collector reuses that memory.
import type { PrivateKey, PublicKey } from 'openpgp';
import { KeyWipedError } from './errors';

type WipeListener = (key: UnlockedKey) => void;

export class UnlockedKey {
  #key: PrivateKey | null;
  #listeners = new Set<WipeListener>();
  /** Uppercase 40-hex (v4) fingerprint of the primary key, as Passbolt stores it. */
  readonly fingerprint: string;
  /** Uppercase 16-hex key id of the primary key. */
  readonly keyId: string;
  /** The public half; safe to keep after wiping. */
  readonly publicKey: PublicKey;

  /** Bytes the key was parsed from when they hold decrypted material (openpgp.js keeps views into them). */
  #backing: Uint8Array | undefined;

  constructor(decryptedKey: PrivateKey, options: { backing?: Uint8Array } = {}) {
    this.#key = decryptedKey;
    this.#backing = options.backing;
    this.fingerprint = decryptedKey.getFingerprint().toUpperCase();
    this.keyId = decryptedKey.getKeyID().toHex().toUpperCase();
    this.publicKey = decryptedKey.toPublic();
  }

  /** The decrypted openpgp key object. Only main/crypto should call this. */
  get privateKey(): PrivateKey {
    if (!this.#key) throw new KeyWipedError();
    return this.#key;
  }

  get isWiped(): boolean {
    return this.#key === null;
  }

  /**
   * The decrypted key as binary OpenPGP packets (no passphrase protection), for handing to a worker thread
   * through postMessage with a transfer list. The caller owns the returned buffer and must zero it when done (the pool
   * transfers it; the worker zeroes it when it forgets the key).
   * Never write it anywhere.
   */
  exportDecryptedBinary(): Uint8Array {
    return this.privateKey.write();
  }

  /** Registers a callback run once when the key is wiped. Returns an unsubscribe function. */
  onWipe(listener: WipeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Zeroes the key material openpgp.js holds for this key, drops the reference, and notifies listeners. Idempotent. */
  wipe(): void {
    const key = this.#key;
    if (!key) return;
    this.#key = null;
    // clearPrivateParams exists at runtime on PrivateKey (openpgp 6) but is missing from its typings.
    (key as unknown as { clearPrivateParams(): void }).clearPrivateParams();
    this.#backing?.fill(0);
    this.#backing = undefined;
    for (const listener of this.#listeners) listener(this);
    this.#listeners.clear();
  }
}
