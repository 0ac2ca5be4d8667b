// Which session keys are wrapped and unwrapped with node:crypto instead of openpgp.js, by key algorithm:
//   legacy ECDH over Curve25519 (18)  wrap + unwrap  curve25519-ecdh.ts  (keys Tessera, Passbolt, GnuPG make as "curve25519")
//   X25519 (25, RFC 9580)             wrap + unwrap  x25519-pkesk.ts     (openpgp.js 6 `type: 'curve25519'`, new GnuPG/Proton keys)
//   RSA (1, 2)                        unwrap         rsa-pkesk.ts        (imported Passbolt accounts; wrapping is already native in openpgp.js)
// Anything else, and any packet these modules do not read, stays with openpgp.js.
//
//   const wrapper = await sessionKeyWrapperFor(recipientKey);     // null: use openpgp.js's encryptSessionKey
//   const pkesk = wrapper?.wrap(sessionKey);
//   const decryptor = await SessionKeyDecryptor.forKey(unlocked);  // cached per unlocked key, dropped on wipe
//   const sessionKey = decryptor.unwrap(pkeskBody);                // null: use openpgp.js's decryptSessionKeys
//
// Key selection and validity stay openpgp.js's: the recipient's subkey is the one getEncryptionKey() picks (it throws
// for expired, revoked or unusable keys), and our subkeys are used only where getDecryptionKeys() would use them.
import { enums, type PrivateKey, type PublicKey } from 'openpgp';
import { Curve25519Recipient, legacyEcdhDecryptor, type EcdhKeyPacket } from './curve25519-ecdh';
import type { SessionKeyBytes, SessionKeyWrapper, SubkeyDecryptor } from './pkesk-common';
import { symmetricId } from './pkesk-common';
import { rsaDecryptor, type RsaKeyPacket } from './rsa-pkesk';
import type { UnlockedKey } from './unlocked-key';
import { X25519Recipient, x25519Decryptor, type X25519KeyPacket } from './x25519-pkesk';

type AnyKeyPacket = EcdhKeyPacket & X25519KeyPacket & RsaKeyPacket;

/**
 * The node:crypto wrapper for the key's current encryption (sub)key, or null when openpgp.js must wrap for it.
 * Throws (from openpgp.js) when the key has no valid encryption subkey now.
 */
export async function sessionKeyWrapperFor(key: PublicKey): Promise<SessionKeyWrapper | null> {
  const packet = (await key.getEncryptionKey()).keyPacket as unknown as AnyKeyPacket;
  return Curve25519Recipient.fromPacket(packet) ?? X25519Recipient.fromPacket(packet);
}

/**
 * The session-key algorithms openpgp.js accepts from a PKESK for this key (Message.decryptSessionKeys): its fixed
 * fallbacks plus the primary self-signature's preferences. Others make it throw "A non-preferred symmetric algorithm".
 */
async function acceptedAlgorithms(key: PrivateKey): Promise<Set<number>> {
  const accepted = new Set<number>([enums.symmetric.aes256, enums.symmetric.aes128, enums.symmetric.tripledes, enums.symmetric.cast5]);
  try {
    const self = await (key as unknown as { getPrimarySelfSignature(): Promise<{ preferredSymmetricAlgorithms: number[] | null }> }).getPrimarySelfSignature();
    for (const algorithm of self.preferredSymmetricAlgorithms ?? []) accepted.add(algorithm);
  } catch {
    // no valid self-signature: the fallbacks only, as in openpgp.js
  }
  return accepted;
}

/** Decrypts session keys addressed to an unlocked key's (sub)keys of the kinds above. */
export class SessionKeyDecryptor {
  private static readonly cache = new WeakMap<UnlockedKey, Promise<SessionKeyDecryptor>>();

  private constructor(private readonly subkeys: SubkeyDecryptor[], private readonly accepted: ReadonlySet<number>) {}

  /** Built once per unlocked key; forgotten (with its KeyObjects) when the key is wiped. Throws KeyWipedError after. */
  static forKey(key: UnlockedKey): Promise<SessionKeyDecryptor> {
    let decryptor = SessionKeyDecryptor.cache.get(key);
    if (!decryptor) {
      decryptor = SessionKeyDecryptor.build(key.privateKey);
      SessionKeyDecryptor.cache.set(key, decryptor);
      key.onWipe(() => SessionKeyDecryptor.cache.delete(key));
    }
    return decryptor;
  }

  private static async build(key: PrivateKey): Promise<SessionKeyDecryptor> {
    const accepted = await acceptedAlgorithms(key);
    const subkeys: SubkeyDecryptor[] = [];
    for (const candidate of key.getKeys()) {
      // The (sub)keys openpgp.js itself would decrypt with for this key id (valid binding, encryption flags; no
      // date check, as openpgp.js does not check expiry when decrypting).
      const usable = await key.getDecryptionKeys(candidate.getKeyID(), null).catch(() => []);
      if (!usable.some((k) => k.getKeyID().equals(candidate.getKeyID()))) continue;
      const packet = candidate.keyPacket as unknown as AnyKeyPacket;
      const decryptor = legacyEcdhDecryptor(packet) ?? x25519Decryptor(packet) ?? rsaDecryptor(packet, accepted);
      if (decryptor) subkeys.push(decryptor);
    }
    return new SessionKeyDecryptor(subkeys, accepted);
  }

  /**
   * The session key of a PKESK v3 body for one of our subkeys, or null (then openpgp.js decides). For RSA the
   * result may be a random key (see rsa-pkesk.ts): it then fails the message's integrity check.
   */
  unwrap(body: Uint8Array): SessionKeyBytes | null {
    if (body.length < 10 || body[0] !== 3) return null;
    const keyId = body.subarray(1, 9);
    const subkey = this.subkeys.find((s) => s.algorithm === body[9] && s.keyId.equals(keyId));
    const sessionKey = subkey?.unwrap(body) ?? null;
    if (sessionKey && !this.accepted.has(symmetricId(sessionKey.algorithm) as number)) {
      sessionKey.data.fill(0);
      return null; // openpgp.js refuses it as a non-preferred algorithm
    }
    return sessionKey;
  }
}
