// Session-key wrapping for legacy ECDH over Curve25519 (the encryption subkey of every key Tessera, the Passbolt
// extension and GnuPG make as "curve25519"), done with node:crypto instead of through openpgp.js.
//
//   const to = await Curve25519Recipient.fromKey(newMembersKey);     // null: not such a key, use openpgp.js
//   const pkesk = to?.wrap({ data, algorithm: 'aes256' });            // one PKESK v3 packet, header included
//   const from = await Curve25519Decryptor.forKey(myUnlockedKey);      // cached per key, dropped when it is wiped
//   const sessionKey = from.unwrap(pkeskPacketBody);                   // null: not ours / not this layout / not valid
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
// openpgp.js both ways in curve25519-ecdh.test.ts.
//
// Secrets: the private scalar goes into a KeyObject (OpenSSL memory) through a DER buffer that is zeroed at once;
// shared secrets, KEKs and unwrapped session keys are zeroed after use. Like openpgp.js's own CryptoKeys, OpenSSL's
// copies are freed when the garbage collector drops the KeyObject (after the key is wiped).
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { enums, type PrivateKey, type PublicKey } from 'openpgp';
import type { UnlockedKey } from './unlocked-key';

/** A session key: algorithm name as openpgp.js spells it ('aes256') and the raw key. */
export interface SessionKeyBytes {
  data: Uint8Array;
  algorithm: string;
}

const ECDH = enums.publicKey.ecdh; // 18
const KEY_WRAP = new Map<number, { cipher: string; size: number }>([
  [enums.symmetric.aes128, { cipher: 'id-aes128-wrap', size: 16 }],
  [enums.symmetric.aes192, { cipher: 'id-aes192-wrap', size: 24 }],
  [enums.symmetric.aes256, { cipher: 'id-aes256-wrap', size: 32 }],
]);
const KDF_HASH = new Map<number, string>([
  [enums.hash.sha256, 'sha256'], [enums.hash.sha384, 'sha384'], [enums.hash.sha512, 'sha512'],
]);
/** Key sizes of the session-key algorithms a v3 PKESK can carry (a wrong size is refused, not passed on). */
const SESSION_KEY_SIZE = new Map<number, number>([
  [enums.symmetric.aes128, 16], [enums.symmetric.aes192, 24], [enums.symmetric.aes256, 32],
  [enums.symmetric.tripledes, 24], [enums.symmetric.cast5, 16], [enums.symmetric.blowfish, 16], [enums.symmetric.twofish, 32],
]);
const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex'); // RFC 3394 default IV
const ANONYMOUS_SENDER = Buffer.from('Anonymous Sender    ', 'latin1');
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
/** MPI bit count of 0x40 || 32-byte point: 263. */
const POINT_MPI_BITS = [0x01, 0x07] as const;
const POINT_BYTES = 33;

/** The openpgp.js key-packet fields this module reads (public API in spirit, untyped in openpgp's d.ts). */
interface EcdhKeyPacket {
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

function keyEncryptionKey(params: EcdhParams, shared: Buffer): Buffer {
  const digest = createHash(params.hash).update(Buffer.from([0, 0, 0, 1])).update(shared).update(params.param).digest();
  shared.fill(0);
  const kek = Buffer.from(digest.subarray(0, params.wrap.size));
  digest.fill(0);
  return kek;
}

function x25519PublicKey(point: Uint8Array): KeyObject {
  // JWK import is ~20x cheaper than DER in Node 20 (OpenSSL 3's decoder). `point` excludes the 0x40 prefix.
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(point).toString('base64url') }, format: 'jwk' });
}

function checksum(key: Uint8Array): number {
  let sum = 0;
  for (const byte of key) sum = (sum + byte) & 0xffff;
  return sum;
}

/** The recipient side: wraps session keys for one legacy Curve25519 encryption subkey. */
export class Curve25519Recipient {
  private constructor(private readonly params: EcdhParams, private readonly point: KeyObject) {}

  /**
   * The key's current encryption (sub)key as openpgp.js selects it (valid binding, encryption flags, not expired or
   * revoked: getEncryptionKey throws otherwise), or null when that subkey is not legacy Curve25519 ECDH.
   */
  static async fromKey(key: PublicKey): Promise<Curve25519Recipient | null> {
    const packet = (await key.getEncryptionKey()).keyPacket as unknown as EcdhKeyPacket;
    const params = ecdhParams(packet);
    return params ? new Curve25519Recipient(params, x25519PublicKey(packet.publicParams.Q.subarray(1))) : null;
  }

  /** One PKESK v3 packet (new-format header included) carrying `sessionKey` for this recipient. */
  wrap(sessionKey: SessionKeyBytes): Uint8Array {
    const algorithm = (enums.symmetric as unknown as Record<string, number | undefined>)[sessionKey.algorithm];
    if (algorithm === undefined || SESSION_KEY_SIZE.get(algorithm) !== sessionKey.data.length) throw new Error(`Unexpected session key for ${sessionKey.algorithm}.`);
    const ephemeral = generateKeyPairSync('x25519');
    const kek = keyEncryptionKey(this.params, diffieHellman({ privateKey: ephemeral.privateKey, publicKey: this.point }));
    const sum = checksum(sessionKey.data);
    const length = 1 + sessionKey.data.length + 2;
    const pad = 8 - (length % 8);
    const plain = Buffer.alloc(length + pad, pad);
    plain[0] = algorithm;
    plain.set(sessionKey.data, 1);
    plain.writeUInt16BE(sum, 1 + sessionKey.data.length);
    const cipher = createCipheriv(this.params.wrap.cipher, kek, KW_IV);
    const wrapped = Buffer.concat([cipher.update(plain), cipher.final()]);
    plain.fill(0);
    kek.fill(0);
    const point = Buffer.from((ephemeral.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
    const body = Buffer.concat([
      Buffer.from([3]), this.params.keyId, Buffer.from([ECDH, ...POINT_MPI_BITS, 0x40]), point, Buffer.from([wrapped.length]), wrapped,
    ]);
    // New-format packet header, tag 1; the body (86 octets at most) is under 192, so its length takes one octet.
    if (body.length >= 192) throw new Error('Unexpected session key packet size.');
    return Buffer.concat([Buffer.from([0xc0 | enums.packet.publicKeyEncryptedSessionKey, body.length]), body]);
  }
}

/** The decrypting side for one of our legacy Curve25519 encryption subkeys. */
class SubkeyDecryptor {
  constructor(readonly params: EcdhParams, private readonly privateKey: KeyObject) {}

  /** The session key in a PKESK v3 body addressed to this subkey, or null if it does not unwrap. */
  unwrap(body: Uint8Array): SessionKeyBytes | null {
    // version 3 | key id (8) | algorithm 18 | MPI(263 bits: 0x40 || 32-byte point) | octet count | wrapped key
    const at = 10 + 2 + POINT_BYTES;
    if (body.length < at + 1 || body[10] !== POINT_MPI_BITS[0] || body[11] !== POINT_MPI_BITS[1] || body[12] !== 0x40) return null;
    const wrapped = body.subarray(at + 1);
    if (wrapped.length !== body[at] || wrapped.length < 16 || wrapped.length % 8 !== 0) return null;
    let ephemeral: KeyObject;
    try {
      ephemeral = x25519PublicKey(body.subarray(13, at));
    } catch {
      return null;
    }
    const kek = keyEncryptionKey(this.params, diffieHellman({ privateKey: this.privateKey, publicKey: ephemeral }));
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(this.params.wrap.cipher, kek, KW_IV);
      plain = Buffer.concat([decipher.update(wrapped), decipher.final()]); // final() checks AES-KW's integrity value
    } catch {
      return null;
    } finally {
      kek.fill(0);
    }
    try {
      return decodeSessionKey(plain);
    } finally {
      plain.fill(0);
    }
  }
}

function decodeSessionKey(plain: Buffer): SessionKeyBytes | null {
  const pad = plain[plain.length - 1] as number;
  if (pad < 1 || pad > 8 || pad >= plain.length) return null;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return null;
  const algorithm = plain[0] as number;
  const key = plain.subarray(1, plain.length - pad - 2);
  if (SESSION_KEY_SIZE.get(algorithm) !== key.length || plain.readUInt16BE(plain.length - pad - 2) !== checksum(key)) return null;
  return { data: new Uint8Array(key), algorithm: enums.read(enums.symmetric, algorithm) };
}

/** Decrypts session keys addressed to an unlocked key's legacy Curve25519 subkeys. */
export class Curve25519Decryptor {
  private static readonly cache = new WeakMap<UnlockedKey, Promise<Curve25519Decryptor>>();

  private constructor(private readonly subkeys: SubkeyDecryptor[]) {}

  /** Built once per unlocked key (openpgp.js decides which subkeys may decrypt); forgotten when the key is wiped. */
  static forKey(key: UnlockedKey): Promise<Curve25519Decryptor> {
    let decryptor = Curve25519Decryptor.cache.get(key);
    if (!decryptor) {
      decryptor = Curve25519Decryptor.build(key.privateKey);
      Curve25519Decryptor.cache.set(key, decryptor);
      key.onWipe(() => Curve25519Decryptor.cache.delete(key));
    }
    return decryptor;
  }

  private static async build(key: PrivateKey): Promise<Curve25519Decryptor> {
    const subkeys: SubkeyDecryptor[] = [];
    for (const candidate of key.getKeys()) {
      const packet = candidate.keyPacket as unknown as EcdhKeyPacket;
      const params = ecdhParams(packet);
      const d = packet.privateParams?.d;
      if (!params || !d || d.length > 32) continue;
      // The subkeys openpgp.js itself would decrypt with for this key id (valid binding, encryption flags).
      const usable = await key.getDecryptionKeys(candidate.getKeyID()).catch(() => []);
      if (!usable.some((k) => k.getKeyID().equals(candidate.getKeyID()))) continue;
      // openpgp.js keeps the scalar big-endian (MPI); X25519 wants it little-endian, padded to 32 octets.
      const der = Buffer.alloc(PKCS8_X25519_PREFIX.length + 32);
      PKCS8_X25519_PREFIX.copy(der);
      der.set(d, der.length - d.length);
      der.subarray(PKCS8_X25519_PREFIX.length).reverse();
      try {
        subkeys.push(new SubkeyDecryptor(params, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })));
      } finally {
        der.fill(0);
      }
    }
    return new Curve25519Decryptor(subkeys);
  }


  /** The session key of a PKESK v3 packet body for one of our Curve25519 subkeys, or null (use openpgp.js). */
  unwrap(body: Uint8Array): SessionKeyBytes | null {
    if (body.length < 10 || body[0] !== 3 || body[9] !== ECDH) return null;
    const keyId = body.subarray(1, 9);
    const subkey = this.subkeys.find((s) => s.params.keyId.equals(keyId));
    return subkey ? subkey.unwrap(body) : null;
  }
}
