// Session-key wrapping for legacy ECDH over Curve25519 (the encryption subkey of every key Tessera, the Passbolt
// extension and GnuPG make as "curve25519"), done with node:crypto instead of through openpgp.js.
//
//   const to = Curve25519Recipient.fromPacket(encryptionSubkeyPacket); // null: not such a subkey, use openpgp.js
//   const pkesk = to?.wrap({ data, algorithm: 'aes256' });            // one PKESK v3 packet, header included
//   const from = legacyEcdhDecryptor(mySubkeyPacket);                  // null: not such a subkey
//   const sessionKey = from?.unwrap(parsedPkesk);                      // null: not this layout / not valid
// node-provider.ts picks this module or x25519-pkesk.ts by the key's algorithm.
//
// Why: openpgp.js hands X25519 to WebCrypto, and Node's WebCrypto re-imports a JWK key and goes through its job
// machinery for every step (private key import, ephemeral key generation, AES-KW through an HMAC key import):
// measured ~0.9 ms of a group add's ~2.2 ms per secret. Here the long-lived keys become KeyObjects once and
// each operation is a few synchronous OpenSSL calls (~0.1 ms). The computation is exactly openpgp.js's (RFC 6637
// §7-8 and RFC 9580 §11.5 for Curve25519Legacy): shared = X25519(ephemeral, Q); KEK = first bytes of
// hash(00 00 00 01 || shared || param) with param = OID || 18 || KDF params || "Anonymous Sender    " ||
// fingerprint; C = AES-KW(KEK, [cipher] || key || checksum, PKCS#5-padded to 8 octets). Anything outside that one
// case (other algorithms, v5/v6 keys, unusual KDF parameters, a KEK that does not unwrap) returns null and the
// caller uses openpgp.js, which also applies its work-arounds for old writers' KDF bugs. Cross-checked against
// openpgp.js both ways in conformance.test.ts.
//
// Secrets: the private scalar goes into a KeyObject (OpenSSL memory) through a DER buffer that is zeroed at once;
// shared secrets, KEKs and unwrapped session keys are zeroed after use. Like openpgp.js's own CryptoKeys, OpenSSL's
// copies are freed when the garbage collector drops the KeyObject (after the key is wiped).
import { createHash, diffieHellman, type KeyObject } from 'node:crypto';
import { enums } from 'openpgp';
import {
  aesKeyUnwrap, aesKeyWrap, checkedAlgorithm, checksum, KEY_WRAP, pkeskPacket, SESSION_KEY_SIZE, symmetricName,
  ephemeralX25519, x25519PrivateKey, x25519PublicKey, type ParsedPkesk, type SessionKeyWrapper, type SubkeyDecryptor,
} from './node-common';
import type { SessionKeyBytes } from './provider';

const ECDH = enums.publicKey.ecdh; // 18
const KDF_HASH = new Map<number, string>([
  [enums.hash.sha256, 'sha256'], [enums.hash.sha384, 'sha384'], [enums.hash.sha512, 'sha512'],
]);
const ANONYMOUS_SENDER = Buffer.from('Anonymous Sender    ', 'latin1');
/** MPI bit count of 0x40 || 32-byte point: 263. */
const POINT_MPI_BITS = [0x01, 0x07] as const;
const POINT_BYTES = 33;
/** The curve25519 (legacy) OID as a key packet writes it: length octet, then 1.3.6.1.4.1.3029.1.5.1. */
const CURVE25519_LEGACY_OID = Buffer.from('0a2b060104019755010501', 'hex');
const V4_FINGERPRINT_BYTES = 20;

/** The openpgp.js key-packet fields this module reads (public API in spirit, untyped in openpgp's d.ts). */
export interface EcdhKeyPacket {
  version: number;
  algorithm: number;
  publicParams: { oid: { getName(): string; write(): Uint8Array }; Q: Uint8Array; kdfParams: { hash: number; cipher: number; write(): Uint8Array } };
  privateParams?: { d?: Uint8Array };
  getFingerprintBytes(): Uint8Array;
  getKeyID(): { write(): Uint8Array; toHex(): string };
}

/** The KDF and key-wrap parameters of one legacy Curve25519 ECDH (sub)key, or null when it is another kind of key. */
interface EcdhParams {
  keyId: Buffer;
  param: Buffer;
  hash: string;
  wrap: { cipher: string; size: number };
}

function ecdhParams(packet: EcdhKeyPacket): EcdhParams | null {
  if (packet.version !== 4 || packet.algorithm !== ECDH) return null;
  const { oid, Q, kdfParams } = packet.publicParams;
  if (oid.getName() !== enums.curve.curve25519Legacy || Q.length !== POINT_BYTES || Q[0] !== 0x40) return null;
  const hash = KDF_HASH.get(kdfParams.hash);
  const wrap = KEY_WRAP.get(kdfParams.cipher);
  if (!hash || !wrap) return null;
  const param = Buffer.concat([oid.write(), Buffer.from([ECDH]), kdfParams.write(), ANONYMOUS_SENDER, packet.getFingerprintBytes()]);
  return { keyId: Buffer.from(packet.getKeyID().write()), param, hash, wrap };
}

/**
 * What wrapping for one legacy Curve25519 ECDH subkey needs, as plain values (encryption-material.ts stores them with
 * the user record): the subkey's v4 fingerprint, its X25519 point (without the 0x40 prefix) and KDF hash/cipher ids.
 * null for any other packet, and for KDF parameters other than the plain v1 layout (03 01 hash cipher), which
 * stay with openpgp.js.
 */
export interface LegacyEcdhPublicParts {
  fingerprint: Uint8Array;
  point: Uint8Array;
  kdfHash: number;
  kdfCipher: number;
}

export function legacyEcdhPublicParts(packet: EcdhKeyPacket): LegacyEcdhPublicParts | null {
  const params = ecdhParams(packet);
  if (!params) return null;
  const { kdfParams, Q } = packet.publicParams;
  const fingerprint = packet.getFingerprintBytes();
  const plainKdf = Buffer.from([3, 1, kdfParams.hash, kdfParams.cipher]);
  if (!plainKdf.equals(Buffer.from(kdfParams.write())) || fingerprint.length !== V4_FINGERPRINT_BYTES) return null;
  return { fingerprint: new Uint8Array(fingerprint), point: new Uint8Array(Q.subarray(1)), kdfHash: kdfParams.hash, kdfCipher: kdfParams.cipher };
}

/** The same EcdhParams ecdhParams() derives from the packet, from the parts above; null when they are not usable. */
function paramsFromParts(parts: LegacyEcdhPublicParts): EcdhParams | null {
  const hash = KDF_HASH.get(parts.kdfHash);
  const wrap = KEY_WRAP.get(parts.kdfCipher);
  if (!hash || !wrap || parts.fingerprint.length !== V4_FINGERPRINT_BYTES || parts.point.length !== POINT_BYTES - 1) return null;
  const fingerprint = Buffer.from(parts.fingerprint);
  const param = Buffer.concat([
    CURVE25519_LEGACY_OID, Buffer.from([ECDH, 3, 1, parts.kdfHash, parts.kdfCipher]), ANONYMOUS_SENDER, fingerprint,
  ]);
  // A v4 key id is the low 64 bits of the fingerprint.
  return { keyId: Buffer.from(fingerprint.subarray(V4_FINGERPRINT_BYTES - 8)), param, hash, wrap };
}

function keyEncryptionKey(params: EcdhParams, shared: Buffer): Buffer {
  const digest = createHash(params.hash).update(Buffer.from([0, 0, 0, 1])).update(shared).update(params.param).digest();
  shared.fill(0);
  const kek = Buffer.from(digest.subarray(0, params.wrap.size));
  digest.fill(0);
  return kek;
}

/** The recipient side: wraps session keys for one legacy Curve25519 encryption subkey. */
export class Curve25519Recipient implements SessionKeyWrapper {
  private constructor(private readonly params: EcdhParams, private readonly point: KeyObject) {}

  /** For an encryption (sub)key packet the caller already selected; null when it is not legacy Curve25519 ECDH. */
  static fromPacket(packet: EcdhKeyPacket): Curve25519Recipient | null {
    const params = ecdhParams(packet);
    return params ? new Curve25519Recipient(params, x25519PublicKey(packet.publicParams.Q.subarray(1))) : null;
  }

  /** From parts taken earlier from a selected subkey (legacyEcdhPublicParts); null when they are not usable. */
  static fromParts(parts: LegacyEcdhPublicParts): Curve25519Recipient | null {
    const params = paramsFromParts(parts);
    return params ? new Curve25519Recipient(params, x25519PublicKey(parts.point)) : null;
  }

  /** One PKESK v3 packet (new-format header included) carrying `sessionKey` for this recipient. */
  wrap(sessionKey: SessionKeyBytes): Uint8Array {
    const algorithm = checkedAlgorithm(sessionKey);
    const ephemeral = ephemeralX25519();
    const kek = keyEncryptionKey(this.params, diffieHellman({ privateKey: ephemeral.privateKey, publicKey: this.point }));
    const sum = checksum(sessionKey.data);
    const length = 1 + sessionKey.data.length + 2;
    const pad = 8 - (length % 8);
    const plain = Buffer.alloc(length + pad, pad);
    plain[0] = algorithm;
    plain.set(sessionKey.data, 1);
    plain.writeUInt16BE(sum, 1 + sessionKey.data.length);
    const wrapped = aesKeyWrap(this.params.wrap.cipher, kek, plain);
    plain.fill(0);
    kek.fill(0);
    // version 3 | key id | algorithm 18 | MPI(263 bits: 0x40 || point) | octet count | wrapped key: 86 octets at most
    return pkeskPacket(Buffer.concat([
      Buffer.from([3]), this.params.keyId, Buffer.from([ECDH, ...POINT_MPI_BITS, 0x40]), ephemeral.publicBytes,
      Buffer.from([wrapped.length]), wrapped,
    ]));
  }
}

/** The decrypting side for one of our legacy Curve25519 encryption subkeys. */
class LegacyEcdhDecryptor implements SubkeyDecryptor {
  readonly algorithm = ECDH;
  readonly keyId: Buffer;

  constructor(private readonly params: EcdhParams, private readonly privateKey: KeyObject) {
    this.keyId = params.keyId;
  }

  unwrap(pkesk: ParsedPkesk): SessionKeyBytes | null {
    // The MPI of 0x40 || 32-octet point, then the wrapped key (ECDHSymmetricKey: a length octet and the octets).
    const point = pkesk.encrypted?.V;
    const wrapped = pkesk.encrypted?.C?.data;
    if (point?.length !== POINT_BYTES || point[0] !== 0x40 || !wrapped) return null;
    let shared: Buffer;
    try {
      shared = diffieHellman({ privateKey: this.privateKey, publicKey: x25519PublicKey(point.subarray(1)) });
    } catch {
      return null; // not a point OpenSSL accepts, or a low-order one (all-zero shared secret)
    }
    const kek = keyEncryptionKey(this.params, shared);
    const plain = aesKeyUnwrap(this.params.wrap.cipher, kek, wrapped);
    kek.fill(0);
    if (!plain) return null;
    try {
      return decodeSessionKey(plain);
    } finally {
      plain.fill(0);
    }
  }
}

/** [cipher] || key || checksum || PKCS#5 padding, as RFC 6637 §8 lays it out. */
function decodeSessionKey(plain: Buffer): SessionKeyBytes | null {
  const pad = plain[plain.length - 1] as number;
  if (pad < 1 || pad > 8 || pad >= plain.length) return null;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return null;
  const algorithm = plain[0] as number;
  const key = plain.subarray(1, plain.length - pad - 2);
  if (SESSION_KEY_SIZE.get(algorithm) !== key.length || plain.readUInt16BE(plain.length - pad - 2) !== checksum(key)) return null;
  return { data: new Uint8Array(key), algorithm: symmetricName(algorithm) };
}

/**
 * A decryptor for a decrypted legacy Curve25519 ECDH (sub)key packet, or null when the packet is another kind. The
 * caller has checked that openpgp.js would decrypt with this subkey.
 */
export function legacyEcdhDecryptor(packet: EcdhKeyPacket): SubkeyDecryptor | null {
  const params = ecdhParams(packet);
  const d = packet.privateParams?.d;
  if (!params || !d || d.length > 32) return null;
  // openpgp.js keeps the scalar big-endian (MPI); X25519 wants it little-endian, padded to 32 octets.
  const scalar = Buffer.alloc(32);
  scalar.set(d, 32 - d.length);
  scalar.reverse();
  try {
    return new LegacyEcdhDecryptor(params, x25519PrivateKey(scalar));
  } finally {
    scalar.fill(0);
  }
}
