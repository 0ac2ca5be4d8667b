// Shared by the session-key tests: a message's binary packets, the check that altered copies of a stored secret
// are refused by both the copy path (decryptAndVerify) and the re-wrap path (openForRewrap), and the property that
// a session-key decryptor never throws on altered or truncated packets.
// (openpgp.js's Message.write() returns a stream object, not bytes: take the bytes from the armor.)
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { expect } from 'vitest';
import { DecryptionError } from '../errors';
import { decryptAndVerify, openForRewrap } from '../openpgp.service';
import type { SessionKeyBytes, SubkeyDecryptor } from '../pkesk-common';
import type { PublicKeyRing } from '../public-key-ring';
import type { UnlockedKey } from '../unlocked-key';

export async function messageBytes(armoredMessage: string): Promise<Uint8Array> {
  return (await openpgp.unarmor(armoredMessage)).data as Uint8Array;
}

/** Flips the low bit at each offset (one at a time) and expects DecryptionError from both paths. */
export async function expectAlteredRefused(armoredMessage: string, offsets: (length: number) => number[], key: UnlockedKey, ring: PublicKeyRing): Promise<void> {
  const binary = await messageBytes(armoredMessage);
  expect(binary.length).toBeGreaterThan(100);
  for (const offset of offsets(binary.length)) {
    const altered = Uint8Array.from(binary);
    altered[offset] = (altered[offset] as number) ^ 0x01;
    const armoredAltered = openpgp.armor(openpgp.enums.armor.message, altered);
    await expect(openForRewrap(armoredAltered, key, ring)).rejects.toBeInstanceOf(DecryptionError);
    await expect(decryptAndVerify(armoredAltered, key, ring)).rejects.toBeInstanceOf(DecryptionError);
  }
}

/**
 * Up to four octet flips and/or a truncation of a PKESK body: `decryptor.unwrap` must never throw, and gives either
 * null or `key` itself (a flip that cancels out or hits an ignored bit), never another key.
 */
export function expectAlteredPkesksSafe(decryptor: Pick<SubkeyDecryptor, 'unwrap'>, body: Uint8Array, key: SessionKeyBytes): void {
  fc.assert(fc.property(
    fc.array(fc.record({ at: fc.nat(body.length - 1), xor: fc.integer({ min: 1, max: 255 }) }), { maxLength: 4 }),
    fc.nat(body.length),
    (flips, length) => {
      const altered = Uint8Array.from(body.subarray(0, length));
      for (const { at, xor } of flips) if (at < altered.length) altered[at] = (altered[at] as number) ^ xor;
      const result = decryptor.unwrap(altered);
      const unchanged = length === body.length && flips.every(({ at }) => at >= length);
      if (unchanged) expect(result).toEqual(key);
      else if (result !== null) expect(result).toEqual(key);
    },
  ), { numRuns: 300 });
}
