// RSA session-key decryption (PKESK v3, public-key algorithms 1 and 2: keys imported from existing Passbolt
// accounts) with node:crypto, and the EME-PKCS1-v1_5 decoding done here in constant time.
//
//   const from = rsaDecryptor(myDecryptedRsaSubkeyPacket, acceptedAlgorithms); // null: not usable here
//   const sessionKey = from?.unwrap(parsedPkesk);     // null: a layout left to openpgp.js; otherwise a key,
//                                                      // RANDOM when the padding or checksum is wrong
//
// Why: Node 20's OpenSSL refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809: no implicit
// rejection), so openpgp.js falls back to its BigInt modexp (~20 ms for RSA-3072). OpenSSL still does the raw
// private operation (RSA_NO_PADDING: CRT, blinding, constant-time exponentiation) in ~2.4 ms, and the padding is
// checked here without branches on the decrypted octets, which is the part the CVE is about.
//
// Semantics follow openpgp.js (rsa decrypt, pkcs1 emeDecode, PKESK decodeSessionKey, Message.decryptSessionKeys):
// EM = 00 || 02 || PS (8+ non-zero octets) || 00 || algorithm || key || checksum (sum of the key octets mod 2^16);
// the key's size must be the algorithm's, and the algorithm one openpgp.js accepts for this key. On ANY failure the
// result is a random AES-256 key, which then fails the message's integrity check like any wrong key (openpgp.js's
// constant-time mode does the same with `randomPayload`): a caller cannot tell a padding failure from a checksum or
// algorithm failure, by result or by the path taken. What remains observable is the length of a VALID key (16, 24
// or 32 octets, used by the symmetric decryption that follows), as with every OpenPGP implementation.
//
// The private key becomes a KeyObject once per unlocked key, through a DER RSAPrivateKey that is zeroed at once.
// OpenPGP keeps u = p^-1 mod q; PKCS#1 wants coefficient = prime2^-1 mod prime1, so the primes go in swapped
// (prime1 = q, prime2 = p) and u is the coefficient as is, as openpgp.js's own JWK conversion does. The CRT
// exponents d mod (q-1), d mod (p-1) are computed with BigInt (unzeroable heap values, as in openpgp.js, which
// recomputes them on every operation). A self-test (encrypt then decrypt a random value) must pass before use.
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, randomFillSync, type KeyObject } from 'node:crypto';
import { enums } from 'openpgp';
import { SESSION_KEY_SIZE, symmetricName, type ParsedPkesk, type SubkeyDecryptor } from './node-common';
import type { SessionKeyBytes } from './provider';

const RSA_ALGORITHMS = new Set<number>([enums.publicKey.rsaEncryptSign, enums.publicKey.rsaEncrypt]);
/** Smaller moduli are left to openpgp.js (and the layout below needs room for PS and the largest payload). */
const MIN_MODULUS_OCTETS = 128;
const FALLBACK_ALGORITHM = enums.symmetric.aes256;
const KEY_SIZES = [16, 24, 32] as const;

/** The openpgp.js key-packet fields this module reads (untyped in openpgp's d.ts). */
export interface RsaKeyPacket {
  algorithm: number;
  publicParams: { n?: Uint8Array; e?: Uint8Array };
  privateParams?: { d?: Uint8Array; p?: Uint8Array; q?: Uint8Array; u?: Uint8Array };
  getKeyID(): { write(): Uint8Array };
}

// Branch-free helpers on small non-negative integers (< 2^30): 1 or 0.
const isZero = (x: number): number => ((x - 1) >>> 31) & 1;
const equal = (a: number, b: number): number => isZero(a ^ b);
const atLeast = (a: number, b: number): number => ((b - a - 1) >>> 31) & 1;
/** 0 -> 0, 1 -> all ones. */
const mask = (bit: number): number => -bit;

/** What decodeEmeSessionKey found: `valid` 1 or 0; `key` is random (and `algorithm` AES-256) when 0. */
export interface DecodedSessionKey {
  valid: number;
  algorithm: number;
  key: Uint8Array;
}

/**
 * Decodes EM = 00 02 PS 00 algorithm key checksum in constant time: every octet is read the same way whatever EM
 * holds, and the outcome is selected with masks. `accepted` is the set of algorithm ids openpgp.js would accept.
 */
export function decodeEmeSessionKey(em: Uint8Array, accepted: ReadonlySet<number>): DecodedSessionKey {
  const k = em.length;
  // Room for the longest payload (35 octets) behind the two leading octets; moduli are far larger (public length).
  if (k < 2 + 35) throw new RangeError('An encoded message this short cannot hold a session key.');
  let zeroSeen = 0;
  let separator = 0;
  for (let i = 2; i < k; i++) {
    const zero = isZero(em[i] as number);
    separator |= mask(zero & (zeroSeen ^ 1)) & i;
    zeroSeen |= zero;
  }
  // PS runs from octet 2 to the separator: at least 8 octets.
  const padding = equal(em[0] as number, 0) & equal(em[1] as number, 2) & zeroSeen & atLeast(separator, 10);
  const payloadLength = k - separator - 1;
  const stored = ((em[k - 2] as number) << 8) | (em[k - 1] as number);
  const valid: number[] = [];
  for (const size of KEY_SIZES) {
    const algorithmOctet = em[k - size - 3] as number;
    let known = 0;
    for (const [algorithm, keySize] of SESSION_KEY_SIZE) if (keySize === size && accepted.has(algorithm)) known |= equal(algorithmOctet, algorithm);
    let sum = 0;
    for (let i = k - size - 2; i < k - 2; i++) sum += em[i] as number;
    valid.push(padding & equal(payloadLength, size + 3) & known & equal(sum & 0xffff, stored));
  }
  const [ok16, ok24, ok32] = valid as [number, number, number];
  const any = ok16 | ok24 | ok32;
  const key = randomFillSync(new Uint8Array(32));
  for (let j = 0; j < 32; j++) {
    let octet = (key[j] as number) & mask(any ^ 1);
    for (const [s, size] of KEY_SIZES.entries()) if (j < size) octet |= (em[k - size - 2 + j] as number) & mask(valid[s] as number);
    key[j] = octet;
  }
  let algorithm = FALLBACK_ALGORITHM & mask(any ^ 1);
  let size = 32 & mask(any ^ 1);
  for (const [s, keySize] of KEY_SIZES.entries()) {
    algorithm |= (em[k - keySize - 3] as number) & mask(valid[s] as number);
    size |= keySize & mask(valid[s] as number);
  }
  const result = key.slice(0, size);
  key.fill(0);
  return { valid: any, algorithm, key: result };
}

class RsaDecryptor implements SubkeyDecryptor {
  constructor(
    readonly keyId: Buffer, readonly algorithm: number, private readonly privateKey: KeyObject, private readonly modulusOctets: number,
    private readonly accepted: ReadonlySet<number>,
  ) {}

  unwrap(pkesk: ParsedPkesk): SessionKeyBytes | null {
    // m^e mod n, the octets of the packet's MPI as openpgp.js read them.
    const octets = pkesk.encrypted?.c;
    if (!octets || octets.length > this.modulusOctets) return null;
    const c = Buffer.alloc(this.modulusOctets);
    c.set(octets, this.modulusOctets - octets.length);
    let em: Buffer;
    try {
      em = privateDecrypt({ key: this.privateKey, padding: constants.RSA_NO_PADDING }, c);
    } catch {
      // c >= n: a property of the ciphertext alone, not of anything decrypted. Decoded like any bad padding.
      em = Buffer.alloc(this.modulusOctets);
    }
    try {
      if (em.length !== this.modulusOctets) return null;
      const decoded = decodeEmeSessionKey(em, this.accepted);
      return { data: decoded.key, algorithm: symmetricName(decoded.algorithm) };
    } finally {
      em.fill(0);
    }
  }
}

/** A DER INTEGER (positive) from big-endian octets. */
function derInteger(value: Uint8Array): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const body = value.subarray(start);
  const lead = body.length === 0 || ((body[0] as number) & 0x80) !== 0 ? 1 : 0;
  const out = Buffer.concat([derHeader(0x02, body.length + lead), Buffer.alloc(lead), body]);
  return out;
}

function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) octets.unshift(l & 0xff);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function toBytes(value: bigint): Buffer {
  const octets: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) octets.unshift(Number(v & 0xffn));
  return Buffer.from(octets.length ? octets : [0]);
}

/** The private KeyObject, or null when OpenSSL refuses the parameters. Every buffer holding private values is zeroed. */
function privateKeyObject(n: Uint8Array, e: Uint8Array, d: Uint8Array, p: Uint8Array, q: Uint8Array, u: Uint8Array): KeyObject | null {
  const dValue = toBigInt(d);
  const exponent1 = toBytes(dValue % (toBigInt(q) - 1n));
  const exponent2 = toBytes(dValue % (toBigInt(p) - 1n));
  const fields = [derInteger(Uint8Array.of(0)), derInteger(n), derInteger(e), derInteger(d), derInteger(q), derInteger(p), derInteger(exponent1), derInteger(exponent2), derInteger(u)];
  const body = Buffer.concat(fields);
  const der = Buffer.concat([derHeader(0x30, body.length), body]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  } catch {
    return null;
  } finally {
    for (const buffer of [exponent1, exponent2, body, der, ...fields]) buffer.fill(0);
  }
}

/** Encrypts a random value below n with the public half and checks that the private half gives it back. */
function passesSelfTest(privateKey: KeyObject, modulusOctets: number): boolean {
  const m = randomBytes(modulusOctets);
  m[0] = 0;
  try {
    const c = publicEncrypt({ key: createPublicKey(privateKey), padding: constants.RSA_NO_PADDING }, m);
    return privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, c).equals(m);
  } catch {
    return false;
  } finally {
    m.fill(0);
  }
}

/**
 * A decryptor for a decrypted RSA (sub)key packet, or null when it is another kind of key or anything about it is
 * unusual (then openpgp.js decrypts as before). The caller has checked that openpgp.js would decrypt with this
 * subkey; `accepted` are the session-key algorithms openpgp.js accepts for this key.
 */
export function rsaDecryptor(packet: RsaKeyPacket, accepted: ReadonlySet<number>): SubkeyDecryptor | null {
  if (!RSA_ALGORITHMS.has(packet.algorithm)) return null;
  const { n, e } = packet.publicParams;
  const { d, p, q, u } = packet.privateParams ?? {};
  if (!n || !e || !d || !p || !q || !u || n.length < MIN_MODULUS_OCTETS || n[0] === 0) return null;
  const privateKey = privateKeyObject(n, e, d, p, q, u);
  if (!privateKey || !passesSelfTest(privateKey, n.length)) return null;
  return new RsaDecryptor(Buffer.from(packet.getKeyID().write()), packet.algorithm, privateKey, n.length, accepted);
}
