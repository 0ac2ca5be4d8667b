// What the node:crypto session-key modules share (curve25519-ecdh.ts, x25519-pkesk.ts): AES key wrap (RFC 3394),
// X25519 KeyObjects, the PKESK v3 packet header they write, the parsed PKESK fields they read, and the shapes
// node-provider.ts works with. Buffers holding secrets are zeroed by whoever made them, as soon as used.
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { enums } from 'openpgp';
import type { SessionKeyBytes } from './provider';

/** Wraps session keys for one recipient (sub)key: `wrap` returns one PKESK v3 packet, header included. */
export interface SessionKeyWrapper {
  wrap(sessionKey: SessionKeyBytes): Uint8Array;
}

/**
 * The fields of a PKESK packet as openpgp.js parsed it (readMessage; untyped in openpgp's d.ts), which the
 * decryptors read instead of framing the bytes again: `encrypted` holds legacy ECDH's `V` and `C.data`, or
 * X25519's `ephemeralPublicKey` and `C.algorithm` / `C.wrappedKey`. openpgp.js sets `encrypted` to null once it
 * has decrypted the packet itself.
 */
export interface ParsedPkesk {
  version: number;
  publicKeyID: { write(): Uint8Array };
  publicKeyAlgorithm: number;
  encrypted: {
    V?: Uint8Array;
    ephemeralPublicKey?: Uint8Array;
    C?: { data?: Uint8Array; algorithm?: number | null; wrappedKey?: Uint8Array };
  } | null;
}

/**
 * Unwraps session keys addressed to one of our (sub)keys. `unwrap` gets a v3 PKESK whose key id and algorithm were
 * already matched, and returns null for what it leaves to openpgp.js (a layout it does not read, a key that does
 * not unwrap); it never throws for any input.
 */
export interface SubkeyDecryptor {
  readonly keyId: Buffer;
  readonly algorithm: number;
  unwrap(pkesk: ParsedPkesk): SessionKeyBytes | null;
}

/** Key sizes of the session-key algorithms a v3 PKESK can carry (a wrong size is refused, not passed on). */
export const SESSION_KEY_SIZE: ReadonlyMap<number, number> = new Map([
  [enums.symmetric.aes128, 16], [enums.symmetric.aes192, 24], [enums.symmetric.aes256, 32],
  [enums.symmetric.tripledes, 24], [enums.symmetric.cast5, 16], [enums.symmetric.blowfish, 16], [enums.symmetric.twofish, 32],
]);

/** AES key-wrap ciphers by OpenPGP symmetric algorithm id, as OpenSSL names them. */
export const KEY_WRAP: ReadonlyMap<number, { cipher: string; size: number }> = new Map([
  [enums.symmetric.aes128, { cipher: 'id-aes128-wrap', size: 16 }],
  [enums.symmetric.aes192, { cipher: 'id-aes192-wrap', size: 24 }],
  [enums.symmetric.aes256, { cipher: 'id-aes256-wrap', size: 32 }],
]);

/** The OpenPGP id of a session-key algorithm name ('aes256' -> 9), or undefined. */
export function symmetricId(name: string): number | undefined {
  return (enums.symmetric as unknown as Record<string, number | undefined>)[name];
}

export function symmetricName(id: number): string {
  return enums.read(enums.symmetric, id);
}

/** Throws unless `sessionKey` names a known algorithm and has its key size; returns the algorithm id. */
export function checkedAlgorithm(sessionKey: SessionKeyBytes): number {
  const algorithm = symmetricId(sessionKey.algorithm);
  if (algorithm === undefined || SESSION_KEY_SIZE.get(algorithm) !== sessionKey.data.length) throw new Error(`Unexpected session key for ${sessionKey.algorithm}.`);
  return algorithm;
}

/** The sum of the key's octets modulo 65536 (RFC 9580 §5.1, the session key checksum). */
export function checksum(key: Uint8Array): number {
  let sum = 0;
  for (const byte of key) sum = (sum + byte) & 0xffff;
  return sum;
}

const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex'); // RFC 3394 default IV

export function aesKeyWrap(cipherName: string, kek: Uint8Array, plain: Uint8Array): Buffer {
  const cipher = createCipheriv(cipherName, kek, KW_IV);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** The unwrapped octets, or null when the integrity value does not match (or the input is not a whole number of blocks). */
export function aesKeyUnwrap(cipherName: string, kek: Uint8Array, wrapped: Uint8Array): Buffer | null {
  if (wrapped.length < 16 || wrapped.length % 8 !== 0) return null;
  try {
    const decipher = createDecipheriv(cipherName, kek, KW_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]); // final() checks AES-KW's integrity value
  } catch {
    return null;
  }
}

/** An X25519 public key from its 32 raw octets (u-coordinate, little-endian). Throws if OpenSSL refuses it. */
export function x25519PublicKey(point: Uint8Array): KeyObject {
  // JWK import is cheaper than DER (about 19 vs 30 µs on Node 24; OpenSSL 3's DER decoder is the slow part).
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(point).toString('base64url') }, format: 'jwk' });
}

/** The 32 raw octets of an X25519 public KeyObject. */
export function x25519PublicBytes(key: KeyObject): Buffer {
  return Buffer.from((key.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
}

const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/**
 * An X25519 private KeyObject from the scalar's 32 octets in RFC 7748 (little-endian) order. The DER buffer it
 * passes through is zeroed at once; OpenSSL's copy is freed with the KeyObject.
 */
export function x25519PrivateKey(scalarLittleEndian: Uint8Array): KeyObject {
  if (scalarLittleEndian.length !== 32) throw new Error('An X25519 scalar has 32 octets.');
  const der = Buffer.alloc(PKCS8_X25519_PREFIX.length + 32);
  PKCS8_X25519_PREFIX.copy(der);
  der.set(scalarLittleEndian, PKCS8_X25519_PREFIX.length);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

/**
 * A fresh X25519 key pair for one wrap, and its public octets. The scalar is made by OpenSSL and never exists as
 * a JavaScript buffer. (Node 20 could deadlock a crypto thread here: a garbage collection inside the export of a
 * generated key finalized the job that generated it. On Node 24 a loop of generate + export ran 3.6 million
 * rounds on four threads without a hang, and this is 1.6x cheaper than importing a random scalar.)
 */
export function ephemeralX25519(): { privateKey: KeyObject; publicBytes: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { privateKey, publicBytes: x25519PublicBytes(publicKey) };
}

/** A PKESK body behind a new-format packet header (tag 1). Our bodies are all under 192 octets: one length octet. */
export function pkeskPacket(body: Buffer): Uint8Array {
  if (body.length >= 192) throw new Error('Unexpected session key packet size.');
  return Buffer.concat([Buffer.from([0xc0 | enums.packet.publicKeyEncryptedSessionKey, body.length]), body]);
}
