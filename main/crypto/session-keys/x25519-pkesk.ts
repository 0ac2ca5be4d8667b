// Session-key wrapping for RFC 9580 X25519 (public-key algorithm 25: the encryption subkey of keys openpgp.js 6
// makes as `type: 'curve25519'`, and of new GnuPG and Proton keys), done with node:crypto instead of openpgp.js.
//
//   const to = X25519Recipient.fromPacket(encryptionSubkeyPacket);   // null: not an X25519 subkey
//   const pkesk = to?.wrap({ data, algorithm: 'aes256' });            // one PKESK v3 packet, header included
//   const from = x25519Decryptor(myDecryptedSubkeyPacket);            // null: not an X25519 subkey
//   const sessionKey = from?.unwrap(parsedPkesk);                     // null: not this layout / does not unwrap
//
// Why: openpgp.js does every step through WebCrypto (key generation, two JWK exports, a public key import,
// deriveBits, HKDF through a key import, AES-KW through another), ~1.5 ms of CPU per recipient; this is a few
// synchronous OpenSSL calls (~0.15 ms).
//
// The computation (RFC 9580 §5.1.6, the same as openpgp.js's ecdh_x encrypt/decrypt): an ephemeral X25519 key pair;
// shared = X25519(ephemeral, A); KEK = HKDF-SHA256(ikm = ephemeral public || A || shared, no salt,
// info "OpenPGP X25519", 16 octets); C = AES-128 key wrap (RFC 3394) of the bare session key: no checksum, no
// padding. A v3 PKESK body is: version 3 | key id (8) | algorithm 25 | ephemeral public key (32) | one octet n =
// octets that follow | the symmetric algorithm id in clear | C; n = 1 + |C|. The session key MUST be AES-128, -192
// or -256 (ids 7-9). Cross-checked against openpgp.js both ways in conformance.test.ts.
//
// Secrets: the scalar goes into a KeyObject through a zeroed DER buffer (node-common.ts); shared secrets, HKDF
// input and output, and unwrapped keys are zeroed after use.
import { diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { enums } from 'openpgp';
import {
  aesKeyUnwrap, aesKeyWrap, checkedAlgorithm, ephemeralX25519, pkeskPacket, SESSION_KEY_SIZE, symmetricName, x25519PrivateKey,
  x25519PublicKey, type ParsedPkesk, type SessionKeyWrapper, type SubkeyDecryptor,
} from './node-common';
import type { SessionKeyBytes } from './provider';

const X25519 = enums.publicKey.x25519; // 25
const AES = new Set<number>([enums.symmetric.aes128, enums.symmetric.aes192, enums.symmetric.aes256]);
const HKDF_INFO = Buffer.from('OpenPGP X25519', 'latin1');
const NO_SALT = Buffer.alloc(0);
const KEY_WRAP_CIPHER = 'id-aes128-wrap';
const POINT_BYTES = 32;

/** The openpgp.js key-packet fields this module reads (untyped in openpgp's d.ts). */
export interface X25519KeyPacket {
  version: number;
  algorithm: number;
  publicParams: { A?: Uint8Array };
  privateParams?: { k?: Uint8Array };
  getKeyID(): { write(): Uint8Array };
}

export function isX25519(packet: X25519KeyPacket): boolean {
  // v4 only: v6 keys take v6 PKESKs (fingerprint instead of key id), which this module does not write or read.
  return packet.version === 4 && packet.algorithm === X25519 && packet.publicParams.A?.length === POINT_BYTES;
}

/** The 16-octet AES-128 KEK for one exchange; `shared` is zeroed. */
function keyEncryptionKey(ephemeralPublic: Uint8Array, recipientPublic: Uint8Array, shared: Buffer): Buffer {
  const ikm = Buffer.concat([ephemeralPublic, recipientPublic, shared]);
  shared.fill(0);
  try {
    return Buffer.from(hkdfSync('sha256', ikm, NO_SALT, HKDF_INFO, 16));
  } finally {
    ikm.fill(0);
  }
}

/** The recipient side: wraps session keys for one X25519 encryption subkey. */
export class X25519Recipient implements SessionKeyWrapper {
  private constructor(private readonly keyId: Buffer, private readonly publicBytes: Buffer, private readonly publicKey: KeyObject) {}

  /** For an encryption (sub)key packet the caller already selected (openpgp.js's getEncryptionKey); null if not X25519. */
  static fromPacket(packet: X25519KeyPacket): X25519Recipient | null {
    if (!isX25519(packet)) return null;
    const point = Buffer.from(packet.publicParams.A as Uint8Array);
    return new X25519Recipient(Buffer.from(packet.getKeyID().write()), point, x25519PublicKey(point));
  }

  /** From a key id (8 octets) and point (32 octets) taken earlier from a selected X25519 subkey; null for other lengths. */
  static fromParts(keyId: Uint8Array, point: Uint8Array): X25519Recipient | null {
    if (keyId.length !== 8 || point.length !== POINT_BYTES) return null;
    const publicBytes = Buffer.from(point);
    return new X25519Recipient(Buffer.from(keyId), publicBytes, x25519PublicKey(publicBytes));
  }

  /** One PKESK v3 packet (new-format header included) carrying `sessionKey`; throws for a non-AES session key, as openpgp.js does. */
  wrap(sessionKey: SessionKeyBytes): Uint8Array {
    const algorithm = checkedAlgorithm(sessionKey);
    if (!AES.has(algorithm)) throw new Error('X25519 keys can only encrypt AES session keys.');
    const ephemeral = ephemeralX25519();
    const ephemeralPublic = ephemeral.publicBytes;
    const kek = keyEncryptionKey(ephemeralPublic, this.publicBytes, diffieHellman({ privateKey: ephemeral.privateKey, publicKey: this.publicKey }));
    const wrapped = aesKeyWrap(KEY_WRAP_CIPHER, kek, sessionKey.data);
    kek.fill(0);
    // 3 | key id | 25 | ephemeral (32) | n | algorithm | C (24-40 octets): 84 octets at most.
    return pkeskPacket(Buffer.concat([
      Buffer.from([3]), this.keyId, Buffer.from([X25519]), ephemeralPublic, Buffer.from([1 + wrapped.length, algorithm]), wrapped,
    ]));
  }
}

/** The decrypting side for one of our X25519 encryption subkeys. */
class X25519Decryptor implements SubkeyDecryptor {
  readonly algorithm = X25519;

  constructor(readonly keyId: Buffer, private readonly publicBytes: Buffer, private readonly privateKey: KeyObject) {}

  unwrap(pkesk: ParsedPkesk): SessionKeyBytes | null {
    // The ephemeral public key, then (ECDHXSymmetricKey) the cleartext algorithm id of a v3 packet and C.
    const ephemeralPublic = pkesk.encrypted?.ephemeralPublicKey;
    const algorithm = pkesk.encrypted?.C?.algorithm;
    const wrapped = pkesk.encrypted?.C?.wrappedKey;
    if (ephemeralPublic?.length !== POINT_BYTES || typeof algorithm !== 'number' || !wrapped) return null;
    if (!AES.has(algorithm) || wrapped.length !== (SESSION_KEY_SIZE.get(algorithm) as number) + 8) return null;
    let shared: Buffer;
    try {
      shared = diffieHellman({ privateKey: this.privateKey, publicKey: x25519PublicKey(ephemeralPublic) });
    } catch {
      return null; // not a point OpenSSL accepts, or a low-order one (all-zero shared secret)
    }
    const kek = keyEncryptionKey(ephemeralPublic, this.publicBytes, shared);
    const key = aesKeyUnwrap(KEY_WRAP_CIPHER, kek, wrapped);
    kek.fill(0);
    if (!key) return null;
    try {
      return { data: new Uint8Array(key), algorithm: symmetricName(algorithm) };
    } finally {
      key.fill(0);
    }
  }
}

/**
 * A decryptor for a decrypted X25519 (sub)key packet, or null when the packet is another kind. The caller has
 * checked that openpgp.js would decrypt with this subkey. openpgp.js keeps k as RFC 7748 octets (little-endian).
 */
export function x25519Decryptor(packet: X25519KeyPacket): SubkeyDecryptor | null {
  const k = packet.privateParams?.k;
  if (!isX25519(packet) || k?.length !== 32) return null;
  return new X25519Decryptor(Buffer.from(packet.getKeyID().write()), Buffer.from(packet.publicParams.A as Uint8Array), x25519PrivateKey(k));
}
