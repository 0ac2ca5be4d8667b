// Checks an armored public key a user registers (setup) and extracts what the gpgkeys table stores.
// Refused: anything that is not a single parsable PUBLIC key, keys that cannot encrypt (PBL-07-002), expired or
// revoked keys, and keys another user already registered.
import * as openpgp from 'openpgp';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import { isoTimestamp, type Clock } from '../util/clock';
import { ValidationError } from '../http/errors';

export const MAX_ARMORED_KEY_LENGTH = 100_000;

export interface KeyFacts {
  armored: string;
  fingerprint: string;
  keyId: string;
  bits: number | null;
  uid: string;
  type: string;
  keyCreated: string | null;
  expires: string | null;
}

function refuse(rule: string, message: string): never {
  throw new ValidationError({ gpgkey: { armored_key: { [rule]: message } } }, 'Could not validate the OpenPGP key.');
}

/** Passbolt's names for the algorithm families. */
function typeName(algorithm: string): string {
  if (algorithm.startsWith('rsa')) return 'RSA';
  if (algorithm === 'dsa') return 'DSA';
  if (algorithm === 'elgamal') return 'ELGAMAL';
  if (algorithm === 'ecdsa') return 'ECDSA';
  if (algorithm === 'ecdh' || algorithm === 'x25519' || algorithm === 'x448') return 'ECDH';
  return 'EdDSA';
}

async function parsePublicKey(armored: string): Promise<openpgp.Key> {
  if (armored.includes('PRIVATE KEY BLOCK')) refuse('isPublicKey', 'The key should be a public key.');
  // openpgp reads only the first armored block; anything after it would be silently dropped.
  if ((armored.match(/-----BEGIN PGP/g) ?? []).length > 1) {
    refuse('isParsableArmoredPublicKey', 'The key should be a single OpenPGP public key.');
  }
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: armored });
  } catch {
    refuse('isParsableArmoredPublicKey', 'The key should be a valid OpenPGP armored public key.');
  }
  if (keys.length !== 1) refuse('isParsableArmoredPublicKey', 'The key should be a single OpenPGP public key.');
  const key = keys[0]!;
  if (key.isPrivate()) refuse('isPublicKey', 'The key should be a public key.');
  return key;
}

export async function inspectPublicKey(armored: string, clock: Clock): Promise<KeyFacts> {
  const key = await parsePublicKey(armored);
  const now = new Date(clock.nowMs());
  if (await key.isRevoked(undefined, undefined, now)) refuse('isNotRevoked', 'The key should not be revoked.');
  const expiration = await key.getExpirationTime().catch(() => null);
  if (expiration instanceof Date && expiration.getTime() <= now.getTime()) refuse('isNotExpired', 'The key should not be expired.');
  try {
    await key.verifyPrimaryKey(now);
  } catch {
    refuse('isValidKey', 'The key should be valid, not expired and not revoked.');
  }
  try {
    await key.getEncryptionKey(undefined, now);
  } catch {
    refuse('canEncrypt', 'The key should be able to encrypt.');
  }
  const info = key.getAlgorithmInfo();
  const fingerprint = key.getFingerprint().toUpperCase();
  // Passbolt clients validate 40-character (version 4) fingerprints; a v6 key would break every one of them.
  if (key.keyPacket.version !== 4) refuse('isV4Key', 'The key should be an OpenPGP version 4 key.');
  const user = await key.getPrimaryUser(now).catch(() => null);
  const curveBits = info.curve ? (/448/.test(info.curve) ? 448 : /25519/.test(info.curve) ? 255 : null) : null;
  return {
    armored: key.armor(),
    fingerprint,
    keyId: fingerprint.slice(-16),
    bits: info.bits ?? curveBits,
    uid: (user?.user.userID?.userID ?? key.getUserIDs()[0] ?? '').slice(0, 1024),
    type: typeName(info.algorithm),
    keyCreated: isoTimestamp(key.getCreationTime().getTime()),
    expires: expiration instanceof Date ? isoTimestamp(expiration.getTime()) : null,
  };
}

/** True if a user other than `userId` already has this key (deleted keys included: a key is never reused). */
export async function fingerprintTakenByOther(db: Kysely<Database>, fingerprint: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('gpgkeys').select('user_id').where('fingerprint', '=', fingerprint)
    .where('user_id', '!=', userId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function refuseTakenKey(): never {
  refuse('isUniqueFingerprint', 'The key is already used by another user.');
}
