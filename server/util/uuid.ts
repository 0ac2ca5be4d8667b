// Name-based UUIDs (RFC 4122 version 5), used for ids that must be identical on every installation.
import { createHash } from 'node:crypto';

/** Passbolt's UuidFactory namespace, so ids derived from the same names match Passbolt's. */
export const PASSBOLT_UUID_NAMESPACE = 'd5447ca1-950f-459d-8b20-86ddfdd0f922';

export function uuidV5(name: string, namespace: string = PASSBOLT_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
