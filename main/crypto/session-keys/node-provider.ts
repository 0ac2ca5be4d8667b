// The fast session-key provider: node:crypto for the key kinds where it measurably pays (bench/RESULTS.md), the
// reference provider (openpgp.js) for everything else and for any packet these modules do not read:
//   legacy ECDH over Curve25519 (18)  encrypt + decrypt  curve25519-ecdh.ts  (keys Tessera, Passbolt, GnuPG make as "curve25519")
//   X25519 (25, RFC 9580)             encrypt + decrypt  x25519-pkesk.ts     (openpgp.js 6 `type: 'curve25519'`, new GnuPG/Proton keys)
// RSA stays with openpgp.js, which on Node 24 decrypts through OpenSSL's PKCS#1 with implicit rejection: a
// node:crypto path gained about 1.5x on an RSA account's group add, not enough for its constant-time padding code.
//
// Key selection and validity stay openpgp.js's: a recipient's subkey is the one getEncryptionKey() picks (it throws
// for expired, revoked or unusable keys), and our subkeys are used only where getDecryptionKeys() would use them.
// A message's packets are the ones openpgp.js parsed (readMessage): nothing here frames bytes.
import { enums, type Message, type PrivateKey, type PublicKey } from 'openpgp';
import { materialInForce, type EncryptionMaterial } from '../encryption-material';
import type { UnlockedKey } from '../unlocked-key';
import { Curve25519Recipient, legacyEcdhDecryptor, type EcdhKeyPacket } from './curve25519-ecdh';
import { symmetricId, type ParsedPkesk, type SessionKeyWrapper, type SubkeyDecryptor } from './node-common';
import { unusableRecipientKey } from './openpgp-provider';
import type { DecryptedSessionKey, SessionKeyBytes, SessionKeyEncrypter, SessionKeyProvider } from './provider';
import { X25519Recipient, x25519Decryptor, type X25519KeyPacket } from './x25519-pkesk';

type AnyKeyPacket = EcdhKeyPacket & X25519KeyPacket;

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

/** The node:crypto decryptors for one unlocked key's (sub)keys of the kinds above. */
export class NodeKeyDecryptors {
  private static readonly cache = new WeakMap<UnlockedKey, Promise<NodeKeyDecryptors>>();

  private constructor(private readonly subkeys: SubkeyDecryptor[], private readonly accepted: ReadonlySet<number>) {}

  /** Built once per unlocked key; forgotten (with its KeyObjects) when the key is wiped. Throws KeyWipedError after. */
  static forKey(key: UnlockedKey): Promise<NodeKeyDecryptors> {
    let decryptors = NodeKeyDecryptors.cache.get(key);
    if (!decryptors) {
      decryptors = NodeKeyDecryptors.build(key.privateKey);
      NodeKeyDecryptors.cache.set(key, decryptors);
      key.onWipe(() => NodeKeyDecryptors.cache.delete(key));
    }
    return decryptors;
  }

  private static async build(key: PrivateKey): Promise<NodeKeyDecryptors> {
    const accepted = await acceptedAlgorithms(key);
    const subkeys: SubkeyDecryptor[] = [];
    for (const candidate of key.getKeys()) {
      // The (sub)keys openpgp.js itself would decrypt with for this key id (valid binding, encryption flags; no
      // date check, as openpgp.js does not check expiry when decrypting).
      const usable = await key.getDecryptionKeys(candidate.getKeyID(), null).catch(() => []);
      if (!usable.some((k) => k.getKeyID().equals(candidate.getKeyID()))) continue;
      const packet = candidate.keyPacket as unknown as AnyKeyPacket;
      const decryptor = legacyEcdhDecryptor(packet) ?? x25519Decryptor(packet);
      if (decryptor) subkeys.push(decryptor);
    }
    return new NodeKeyDecryptors(subkeys, accepted);
  }

  /** The session key of a parsed v3 PKESK for one of our subkeys, or null (then openpgp.js decides). */
  unwrap(pkesk: ParsedPkesk): SessionKeyBytes | null {
    if (pkesk.version !== 3 || !pkesk.encrypted) return null;
    const keyId = Buffer.from(pkesk.publicKeyID.write());
    const subkey = this.subkeys.find((s) => s.algorithm === pkesk.publicKeyAlgorithm && s.keyId.equals(keyId));
    const sessionKey = subkey?.unwrap(pkesk) ?? null;
    if (sessionKey && !this.accepted.has(symmetricId(sessionKey.algorithm) as number)) {
      sessionKey.data.fill(0);
      return null; // openpgp.js refuses it as a non-preferred algorithm
    }
    return sessionKey;
  }
}

class WrapperEncrypter implements SessionKeyEncrypter {
  constructor(private readonly wrapper: SessionKeyWrapper) {}

  encrypt(sessionKey: SessionKeyBytes): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.wrapper.wrap(sessionKey));
    } catch (err) {
      return Promise.reject(unusableRecipientKey(err));
    }
  }
}

const HEX = /^[0-9A-F]+$/;

function hexBytes(text: unknown, octets: number): Buffer | null {
  return typeof text === 'string' && text.length === octets * 2 && HEX.test(text) ? Buffer.from(text, 'hex') : null;
}

function base64Bytes(text: unknown, octets: number): Buffer | null {
  if (typeof text !== 'string') return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === octets && bytes.toString('base64') === text ? bytes : null;
}

/**
 * The node:crypto wrapper the material describes, or null (then the armored key is used, and judged, as before)
 * when it is past `validUntil` or malformed.
 */
export function wrapperFromMaterial(material: EncryptionMaterial | null | undefined, now = Date.now()): SessionKeyWrapper | null {
  if (!material || !materialInForce(material, now)) return null;
  try {
    if (material.kind === 'x25519') {
      const keyId = hexBytes(material.keyId, 8);
      const point = base64Bytes(material.publicKey, 32);
      return keyId && point ? X25519Recipient.fromParts(keyId, point) : null;
    }
    if (material.kind === 'ecdh-curve25519-legacy') {
      const fingerprint = hexBytes(material.fingerprint, 20);
      const point = base64Bytes(material.publicKey, 32);
      if (!fingerprint || !point || !Number.isInteger(material.kdfHash) || !Number.isInteger(material.kdfCipher)) return null;
      return Curve25519Recipient.fromParts({ fingerprint, point, kdfHash: material.kdfHash, kdfCipher: material.kdfCipher });
    }
  } catch {
    // a point OpenSSL refuses: the armored path decides
  }
  return null;
}

export class NodeSessionKeys implements SessionKeyProvider {
  readonly name = 'node:crypto';

  constructor(private readonly reference: SessionKeyProvider) {}

  async decryptSessionKeys(message: Message<string>, key: UnlockedKey): Promise<DecryptedSessionKey[]> {
    // One PKESK, as every stored secret has (the server refuses others): several are left to openpgp.js, which
    // tries each in turn.
    const pkesks = message.packets.filterByTag(enums.packet.publicKeyEncryptedSessionKey);
    const only = pkesks.length === 1 ? pkesks[0] as unknown as ParsedPkesk : undefined;
    const fast = only ? (await NodeKeyDecryptors.forKey(key)).unwrap(only) : null;
    return fast ? [fast] : this.reference.decryptSessionKeys(message, key);
  }

  async encrypterFor(recipient: PublicKey): Promise<SessionKeyEncrypter> {
    let packet: AnyKeyPacket;
    try {
      packet = (await recipient.getEncryptionKey()).keyPacket as unknown as AnyKeyPacket;
    } catch (err) {
      throw unusableRecipientKey(err);
    }
    const wrapper = Curve25519Recipient.fromPacket(packet) ?? X25519Recipient.fromPacket(packet);
    return wrapper ? new WrapperEncrypter(wrapper) : this.reference.encrypterFor(recipient);
  }

  encrypterFromMaterial(material: EncryptionMaterial | null | undefined, now = Date.now()): SessionKeyEncrypter | null {
    const wrapper = wrapperFromMaterial(material, now);
    return wrapper ? new WrapperEncrypter(wrapper) : null;
  }
}
