// Checks that a secret row's `data` is what Passbolt clients send: exactly one armored OpenPGP message whose
// packets are one public-key encrypted session key addressed to the target user's encryption key, then one
// integrity-protected encrypted data packet, and nothing else. The server cannot decrypt, so only the armor and
// the packet headers are read (message-armor.ts, openpgp-packets.ts); nothing here touches key material beyond
// public keys, and a 1,000-secret share costs about as much as reading its request body.
import { createHash } from 'node:crypto';
import { readKey, type PublicKey } from 'openpgp';
import { BoundedCache } from '../util/bounded-cache';
import { decodeMessageArmor, type ArmorFault } from './message-armor';
import { readPacketFrames, TAG, type PacketFrame } from './openpgp-packets';

/** Armored secrets above this size are refused: a v5 secret (≤ 50,000 characters) armors to well under it. */
export const MAX_SECRET_DATA_LENGTH = 128 * 1024;

/** Field-rule names used in Passbolt's validation body, e.g. `{"data":{"isValidOpenPGPMessage":"…"}}`. */
export type SecretDataRule = '_required' | 'maxLength' | 'isValidOpenPGPMessage' | 'hasOneRecipient' | 'isEncryptedForUser';

export type SecretDataVerdict = { ok: true } | { ok: false; rule: SecretDataRule; message: string };

// Printable ASCII plus line breaks: an armored message has nothing else, and Passbolt requires ASCII.
const ARMOR_CHARSET = /^[\x20-\x7e\r\n\t]*$/;

const fail = (rule: SecretDataRule, message: string): SecretDataVerdict => ({ ok: false, rule, message });
const invalid = (message: string): SecretDataVerdict => fail('isValidOpenPGPMessage', message);

const ARMOR_MESSAGES: Record<ArmorFault, string> = {
  // Passbolt's own wording for text that is no armored message at all.
  notArmored: 'The message should be a valid OpenPGP message.',
  textBefore: 'The message should have nothing before its -----BEGIN PGP MESSAGE----- line.',
  textAfter: 'The message should have nothing after its -----END PGP MESSAGE----- line.',
  severalMessages: 'The data should hold exactly one armored OpenPGP message.',
  unterminated: 'The armored message has no -----END PGP MESSAGE----- line.',
  badHeader: 'The armor headers of the message are not valid (known keys only, then a blank line).',
  badBase64: 'The armored message is not valid base64.',
  badChecksum: 'The armor checksum of the message does not match its content.',
};

const READABLE = 'The message should be encrypted: it carries readable (literal, compressed or signed) data.';
const SHAPE = 'The message should be one session key packet for the user followed by one encrypted data packet, and nothing else.';

/** AES-128, AES-192, AES-256: the only ciphers X25519/X448 session keys and SEIPD v2 take here (RFC 9580 §5.1.6). */
const AES = new Set([7, 8, 9]);

/** The offset after a multiprecision integer starting at `at`, or null when it overruns `body`. */
function skipMpi(body: Uint8Array, at: number): number | null {
  if (at + 2 > body.length) return null;
  const next = at + 2 + Math.ceil(((body[at]! << 8) | body[at + 1]!) / 8);
  return next <= body.length ? next : null;
}

/**
 * Whether the algorithm-specific fields of a session key packet (RFC 9580 §5.1.3-5.1.7) fill `body` from `at`
 * exactly, for an algorithm that encrypts: RSA (1, 2), Elgamal (16), ECDH (18), X25519 (25), X448 (26).
 */
function sessionKeyFieldsFrame(algorithm: number, body: Uint8Array, at: number, version: 3 | 6): boolean {
  const sized = (from: number | null) => from !== null && from < body.length && from + 1 + body[from]! === body.length;
  switch (algorithm) {
    case 1: case 2: return skipMpi(body, at) === body.length;
    case 16: { const next = skipMpi(body, at); return next !== null && skipMpi(body, next) === body.length; }
    case 18: return sized(skipMpi(body, at));
    case 25: case 26: {
      const from = at + (algorithm === 25 ? 32 : 56);
      // v3 carries the cipher of the session key in clear, inside the sized field.
      return sized(from) && (version === 6 || AES.has(body[from + 1]!));
    }
    default: return false;
  }
}

/**
 * The recipient key id (lower-case hex) of a PKESK body and its version, or null when the packet is malformed.
 * v3 names the key id; v6 names the key version and fingerprint (RFC 9580 §5.1), from which the key id follows:
 * the last 8 octets of a v4 fingerprint, the first 8 of a v6 one. An anonymous recipient comes back as zeros.
 */
function sessionKeyRecipient(body: Uint8Array): { version: 3 | 6; keyId: string } | null {
  const version = body[0];
  let algorithmAt: number;
  let keyId: string;
  if (version === 3) {
    algorithmAt = 9;
    keyId = Buffer.from(body.subarray(1, 9)).toString('hex');
  } else if (version === 6) {
    const size = body[1];
    if (size === undefined) return null;
    algorithmAt = 2 + size;
    if (size === 0) {
      keyId = '0000000000000000';
    } else {
      const keyVersion = body[2];
      const fingerprint = body.subarray(3, 2 + size);
      if (keyVersion === 4 && fingerprint.length === 20) keyId = Buffer.from(fingerprint.subarray(12)).toString('hex');
      else if (keyVersion === 6 && fingerprint.length === 32) keyId = Buffer.from(fingerprint.subarray(0, 8)).toString('hex');
      else return null;
    }
  } else {
    return null;
  }
  const algorithm = body[algorithmAt];
  if (algorithm === undefined || !sessionKeyFieldsFrame(algorithm, body, algorithmAt + 1, version)) return null;
  return { version, keyId };
}

/**
 * The version of a SEIPD packet (1, or 2 from RFC 9580) when its body can hold a real message: v1 is the
 * version octet, a random prefix of a block plus two, and the 22-octet MDC packet; v2 is the version, an AES
 * cipher, EAX/OCB/GCM, a chunk size octet of at most 16, a 32-octet salt and at least a chunk tag and the final tag.
 */
function encryptedDataVersion(frame: PacketFrame): 1 | 2 | null {
  const [version, cipher, aead, chunkSize] = frame.head;
  if (version === 1 && frame.length >= 1 + 10 + 22) return 1;
  if (version === 2 && frame.length >= 4 + 32 + 16 + 16 && AES.has(cipher!) && aead! >= 1 && aead! <= 3 && chunkSize! <= 16) return 2;
  return null;
}

/** Why the packets are not a Passbolt secret's, or the recipient key id when they are. */
function judgePackets(frames: readonly PacketFrame[]): { keyId: string } | SecretDataVerdict {
  const tags = frames.map((f) => f.tag);
  if (tags.some((t) => t === TAG.literalData || t === TAG.compressedData || t === TAG.signature || t === TAG.onePassSignature)) {
    return invalid(READABLE);
  }
  if (tags.includes(TAG.symEncryptedSessionKey)) return invalid('The message should be encrypted to the user\'s key, not with a password.');
  // SED has no integrity protection (openpgp.js refuses to decrypt it); tag 20 is the OCB packet of drafts and
  // LibrePGP, which neither Passbolt's clients nor openpgp.js 6 write (its AEAD mode is SEIPD version 2).
  if (tags.includes(TAG.symmetricallyEncryptedData)) return invalid('The message uses legacy encryption without integrity protection.');
  if (tags.includes(TAG.aeadEncryptedData)) return invalid('The message should use an integrity-protected (SEIPD) encrypted data packet.');
  const sessionKeys = tags.filter((t) => t === TAG.publicKeyEncryptedSessionKey).length;
  if (sessionKeys > 1) return fail('hasOneRecipient', 'The message should be encrypted for one recipient only.');
  if (frames.length !== 2 || tags[0] !== TAG.publicKeyEncryptedSessionKey || tags[1] !== TAG.symEncryptedIntegrityProtectedData) {
    return invalid(SHAPE);
  }
  const recipient = sessionKeyRecipient(frames[0]!.head);
  const dataVersion = encryptedDataVersion(frames[1]!);
  if (!recipient || !dataVersion) return invalid('The OpenPGP packets of the message are malformed.');
  // RFC 9580 §5.1: a v3 session key precedes SEIPD v1, a v6 one precedes SEIPD v2.
  if ((recipient.version === 3) !== (dataVersion === 1)) {
    return invalid('The session key and encrypted data packets of the message have mismatched versions.');
  }
  return { keyId: recipient.keyId };
}

/** Validates one secret's `data` for a user whose encryption key ids are `recipientKeyIds`. */
export function checkSecretData(data: unknown, recipientKeyIds: ReadonlySet<string>): SecretDataVerdict {
  if (data === undefined || data === null || data === '') return fail('_required', 'A message is required.');
  if (typeof data !== 'string') return invalid(ARMOR_MESSAGES.notArmored);
  if (data.length > MAX_SECRET_DATA_LENGTH) return fail('maxLength', 'The message is too long.');
  if (!ARMOR_CHARSET.test(data)) return invalid('The message should contain ASCII characters only.');
  const armor = decodeMessageArmor(data);
  if (!armor.ok) return invalid(ARMOR_MESSAGES[armor.fault]);
  const frames = readPacketFrames(armor.bytes);
  if (!frames) return invalid('The OpenPGP packets of the message are malformed or truncated.');
  const judged = judgePackets(frames);
  if ('ok' in judged) return judged;
  if (!recipientKeyIds.has(judged.keyId)) {
    return fail('isEncryptedForUser', 'The message should be encrypted for the key of the user it is for.');
  }
  return { ok: true };
}

const ENCRYPTING_ALGORITHMS = new Set(['rsaEncryptSign', 'rsaEncrypt', 'elgamal', 'ecdh', 'x25519', 'x448']);

/**
 * Key ids (lower-case hex) of every key in `key` that can currently encrypt: the primary and/or subkeys.
 * Checking a candidate verifies its signatures (about a millisecond each), so only keys whose algorithm can
 * encrypt are checked, and the one a client picks by default (`getEncryptionKey()`) is checked once.
 */
async function encryptionKeyIdsOf(key: PublicKey): Promise<Set<string>> {
  const ids = new Set<string>();
  try {
    ids.add((await key.getEncryptionKey()).getKeyID().toHex().toLowerCase());
  } catch {
    // No usable encryption key at all: every message to this user is refused.
    return ids;
  }
  for (const candidate of [key, ...key.subkeys]) {
    const keyId = candidate.getKeyID().toHex().toLowerCase();
    if (ids.has(keyId) || !ENCRYPTING_ALGORITHMS.has(candidate.getAlgorithmInfo().algorithm)) continue;
    try {
      ids.add((await key.getEncryptionKey(candidate.getKeyID())).getKeyID().toHex().toLowerCase());
    } catch {
      // Expired, revoked or not bound: messages to it are refused.
    }
  }
  return ids;
}

/** SHA-256 (hex) of an armored key: names the key's parsed ids in caches and in the recipient_key_ids table. */
export function armoredKeyDigest(armoredKey: string): string {
  return createHash('sha256').update(armoredKey).digest('hex');
}

/** Parses an armored public key (milliseconds of work) and returns its encryption key ids; none if unreadable. */
export async function parseEncryptionKeyIds(armoredKey: string): Promise<Set<string>> {
  try {
    return await encryptionKeyIdsOf(await readKey({ armoredKey }));
  } catch {
    return new Set();
  }
}

/**
 * Maps a user's armored public key to its encryption key ids, in memory, bounded. Parsing a key costs
 * milliseconds, so a share with a thousand recipients would spend most of its time there without a cache.
 * Entries are keyed by a hash of the armored text, so a replaced key is never matched against stale ids.
 */
export class RecipientKeyCache extends BoundedCache<string, Set<string>> {
  constructor(capacity = 20_000) {
    super(capacity);
  }

  async encryptionKeyIds(armoredKey: string): Promise<Set<string>> {
    const digest = armoredKeyDigest(armoredKey);
    const hit = this.get(digest);
    if (hit) return hit;
    const ids = await parseEncryptionKeyIds(armoredKey);
    this.set(digest, ids);
    return ids;
  }
}
