// Checks that a secret row's `data` is what Passbolt clients send: one armored OpenPGP message, encrypted
// (never cleartext) to exactly one recipient, that recipient being the target user's encryption key.
// The server cannot decrypt, so only the packet structure is read; nothing here touches key material
// beyond public keys.
import { createHash } from 'node:crypto';
import { enums, readKey, readMessage, type PublicKey } from 'openpgp';
import { BoundedCache } from '../util/bounded-cache';
import { decodeCanonicalMessageArmor } from './message-armor';

/** Armored secrets above this size are refused: a v5 secret (≤ 50,000 characters) armors to well under it. */
export const MAX_SECRET_DATA_LENGTH = 128 * 1024;

/** Field-rule names used in Passbolt's validation body, e.g. `{"data":{"isValidOpenPGPMessage":"…"}}`. */
export type SecretDataRule = '_required' | 'maxLength' | 'isValidOpenPGPMessage' | 'hasOneRecipient' | 'isEncryptedForUser';

export type SecretDataVerdict = { ok: true } | { ok: false; rule: SecretDataRule; message: string };

const ARMOR_HEADER = '-----BEGIN PGP MESSAGE-----';
// Printable ASCII plus line breaks: an armored message has nothing else, and Passbolt requires ASCII.
const ARMOR_CHARSET = /^[\x20-\x7e\r\n\t]*$/;

const fail = (rule: SecretDataRule, message: string): SecretDataVerdict => ({ ok: false, rule, message });
const invalid = (): SecretDataVerdict => fail('isValidOpenPGPMessage', 'The message should be a valid OpenPGP message.');

interface ParsedSecret { recipients: string[] }

/**
 * Reads the top-level packets and returns the PKESK recipient key ids (lower-case hex), or null when the text
 * is not an encrypted message: garbage, a cleartext-signed or literal message, a symmetric-only message.
 */
async function parseEncryptedMessage(data: string): Promise<ParsedSecret | null> {
  let message;
  try {
    const binary = decodeCanonicalMessageArmor(data);
    message = await (binary ? readMessage({ binaryMessage: binary }) : readMessage({ armoredMessage: data }));
  } catch {
    return null;
  }
  const recipients: string[] = [];
  let containers = 0;
  for (const packet of message.packets) {
    const tag = (packet.constructor as { tag?: number }).tag;
    if (tag === enums.packet.publicKeyEncryptedSessionKey) {
      const id = (packet as unknown as { publicKeyID: { isWildcard(): boolean; toHex(): string } }).publicKeyID;
      recipients.push(id.isWildcard() ? '0000000000000000' : id.toHex().toLowerCase());
    } else if (tag === enums.packet.symEncryptedIntegrityProtectedData || tag === enums.packet.aeadEncryptedData) {
      containers++;
    } else {
      // Literal/compressed data (cleartext), signatures outside the encryption, symmetric session keys and
      // unprotected symmetrically encrypted data are all refused.
      return null;
    }
  }
  return containers === 1 && recipients.length > 0 ? { recipients } : null;
}

/** Validates one secret's `data` for a user whose encryption key ids are `recipientKeyIds`. */
export async function checkSecretData(data: unknown, recipientKeyIds: ReadonlySet<string>): Promise<SecretDataVerdict> {
  if (data === undefined || data === null || data === '') return fail('_required', 'A message is required.');
  if (typeof data !== 'string') return invalid();
  if (data.length > MAX_SECRET_DATA_LENGTH) return fail('maxLength', 'The message is too long.');
  if (!data.trimStart().startsWith(ARMOR_HEADER) || !ARMOR_CHARSET.test(data)) return invalid();
  const parsed = await parseEncryptedMessage(data);
  if (!parsed) return invalid();
  if (parsed.recipients.length !== 1) return fail('hasOneRecipient', 'The message should be encrypted for one recipient only.');
  if (!recipientKeyIds.has(parsed.recipients[0] as string)) {
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
