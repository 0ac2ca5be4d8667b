// The organisation's known public keys, parsed once and looked up by fingerprint or key id.
//
//   const ring = await PublicKeyRing.fromArmored(users.map((u) => u.gpgkey.armored_key));
//   ring.byFingerprint('ABCD...')  // PublicKey | undefined
//   crypto.decryptAndVerify(message, myKey, ring) // a signer outside the ring is reported as 'unknown-signer'
//
// Parsing an armored key costs ~0.3 ms, so services build a ring once per sync and reuse it. Keys that fail to
// parse are skipped and listed in `rejected` (a hostile server must not be able to break the whole ring).
import { readKey, type PublicKey } from 'openpgp';

let nextRingId = 1;

export class PublicKeyRing {
  /** Process-unique id, used by the worker pool to send a ring to each worker only once. */
  readonly id = nextRingId++;
  readonly #byFingerprint = new Map<string, PublicKey>();
  readonly #byKeyId = new Map<string, PublicKey>();
  readonly #armored: string[] = [];

  private constructor(readonly rejected: readonly number[]) {}

  /** Parses each armored key; indices of unparseable entries end up in `rejected`. */
  static async fromArmored(armoredKeys: readonly string[]): Promise<PublicKeyRing> {
    const parsed = await Promise.all(armoredKeys.map((armoredKey) => readKey({ armoredKey }).catch(() => null)));
    const rejected = parsed.flatMap((k, i) => (k ? [] : [i]));
    const ring = new PublicKeyRing(rejected);
    parsed.forEach((key, i) => {
      if (key) ring.#add(key.isPrivate() ? key.toPublic() : key, armoredKeys[i] as string);
    });
    return ring;
  }

  static fromKeys(keys: readonly PublicKey[]): PublicKeyRing {
    const ring = new PublicKeyRing([]);
    for (const key of keys) ring.#add(key.isPrivate() ? key.toPublic() : key, key.armor());
    return ring;
  }

  #add(key: PublicKey, armored: string): void {
    this.#byFingerprint.set(key.getFingerprint().toUpperCase(), key);
    // Signatures name the signing (sub)key, so index every key id of the key.
    for (const k of key.getKeys()) this.#byKeyId.set(k.getKeyID().toHex().toUpperCase(), key);
    this.#armored.push(armored);
  }

  get size(): number {
    return this.#byFingerprint.size;
  }

  get keys(): PublicKey[] {
    return [...this.#byFingerprint.values()];
  }

  /** The armored keys that parsed, for shipping the ring to a worker. */
  get armoredKeys(): readonly string[] {
    return this.#armored;
  }

  byFingerprint(fingerprint: string): PublicKey | undefined {
    return this.#byFingerprint.get(fingerprint.toUpperCase());
  }

  /** Finds the key owning a primary or subkey id (16 hex). */
  byKeyId(keyId: string): PublicKey | undefined {
    return this.#byKeyId.get(keyId.toUpperCase());
  }
}
