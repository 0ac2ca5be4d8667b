// A recipient's current encryption subkey, validated once when the key is learned (sync, recipient lookup) and kept
// as plain values with the user record, so a share or group add wraps session keys with node:crypto without
// parsing the armored key or checking its signatures again (~1.5 ms per fresh recipient in a worker thread).
//
//   const info = await readKeyInfo(armored);            // info.encryption: EncryptionMaterial | null
//   userRecord.encryption = info.encryption;            // stored (sealed) with the record; structured-cloneable
//   const to = sessionKeyProvider().encrypterFromMaterial(material); // in the worker: null = use the armored key
//
// Selection and validity are openpgp.js's: the subkey is the one getEncryptionKey() picks now (binding and
// self-signatures, key flags, expiry, revocation); a key it refuses has no material. `validUntil` is the first
// instant that judgement could change without the armored key changing: the earliest of the primary key's and the
// subkey's expiry and any packet dated in the future (a subkey, binding or revocation not yet in force). After it,
// the material is not used and the armored key is judged again, so an expired key is refused exactly as before.
// A changed key is a different armored text: the material is computed again with its fingerprint, and callers only
// take material that came from the same armored key as the fingerprint they checked against the pin.
//
// Only curve25519 kinds have material (session-keys/node-provider.ts wraps from it): RSA and others keep the armored
// path, and so does every key when the fast session keys are off.
import type { Key, PublicKey, Subkey } from 'openpgp';
import { legacyEcdhPublicParts, type EcdhKeyPacket } from './session-keys/curve25519-ecdh';
import { isX25519, type X25519KeyPacket } from './session-keys/x25519-pkesk';

export type EncryptionMaterial =
  /** RFC 9580 X25519 (algorithm 25) v4 subkey: 16-hex key id, base64 32-octet point. */
  | { kind: 'x25519'; keyId: string; publicKey: string; validUntil: number | null }
  /** Legacy ECDH over Curve25519 (algorithm 18) v4 subkey: 40-hex subkey fingerprint, base64 32-octet point, KDF ids. */
  | { kind: 'ecdh-curve25519-legacy'; fingerprint: string; publicKey: string; kdfHash: number; kdfCipher: number; validUntil: number | null };

/** The earliest creation time after `now` of any packet of the key (keys and signatures), or null. */
function firstFutureDate(key: Key, now: number): number | null {
  let first: number | null = null;
  for (const packet of key.toPacketList()) {
    const created = (packet as { created?: unknown }).created;
    const at = created instanceof Date ? created.getTime() : NaN;
    if (at > now && (first === null || at < first)) first = at;
  }
  return first;
}

function earliest(...times: (number | null)[]): number | null {
  const finite = times.filter((t): t is number => t !== null && Number.isFinite(t));
  return finite.length === 0 ? null : Math.min(...finite);
}

/** Date | Infinity | null (openpgp.js expiration) -> epoch ms, null for never; undefined when openpgp.js found it invalid. */
function expiryMs(expiration: Date | number | null): number | null | undefined {
  if (expiration === null) return undefined;
  if (expiration instanceof Date) return expiration.getTime();
  return Number.isFinite(expiration) ? expiration : null;
}

/**
 * Material for `selected`, the key or subkey `key.getEncryptionKey(undefined, now)` returned, or null when it is not a
 * curve25519 kind handled with node:crypto, or its validity cannot be bounded. Never throws.
 */
export async function encryptionMaterialOf(key: Key, selected: Key | Subkey, now: Date): Promise<EncryptionMaterial | null> {
  try {
    const nowMs = now.getTime();
    const primaryExpiry = expiryMs(await key.getExpirationTime());
    const subkeyExpiry = selected === key ? null : expiryMs(await (selected as Subkey).getExpirationTime(now));
    if (primaryExpiry === undefined || subkeyExpiry === undefined) return null;
    const validUntil = earliest(primaryExpiry, subkeyExpiry, firstFutureDate(key, nowMs));
    if (validUntil !== null && validUntil <= nowMs) return null;
    const packet = selected.keyPacket as unknown as EcdhKeyPacket & X25519KeyPacket;
    const legacy = legacyEcdhPublicParts(packet);
    if (legacy) {
      return {
        kind: 'ecdh-curve25519-legacy', fingerprint: Buffer.from(legacy.fingerprint).toString('hex').toUpperCase(),
        publicKey: Buffer.from(legacy.point).toString('base64'), kdfHash: legacy.kdfHash, kdfCipher: legacy.kdfCipher, validUntil,
      };
    }
    if (isX25519(packet)) {
      return {
        kind: 'x25519', keyId: Buffer.from(packet.getKeyID().write()).toString('hex').toUpperCase(),
        publicKey: Buffer.from(packet.publicParams.A as Uint8Array).toString('base64'), validUntil,
      };
    }
    return null;
  } catch {
    return null;
  }
}

/** Looks the encryption subkey up (openpgp.js) and describes it; null when the key cannot encrypt now. */
export async function encryptionMaterial(key: PublicKey, now = new Date()): Promise<EncryptionMaterial | null> {
  const selected = await key.getEncryptionKey(undefined, now).catch(() => null);
  return selected ? encryptionMaterialOf(key, selected, now) : null;
}

/** True while `validUntil` (epoch ms or null = no limit) is in the future. */
export function materialInForce(material: EncryptionMaterial, now = Date.now()): boolean {
  return material.validUntil === null || (typeof material.validUntil === 'number' && material.validUntil > now);
}
