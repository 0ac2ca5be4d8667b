// Shared by the session-key tests: a message's binary packets, and the check that altered copies of a stored secret
// are refused by both the copy path (decryptAndVerify) and the re-wrap path (openForRewrap).
// (openpgp.js's Message.write() returns a stream object, not bytes: take the bytes from the armor.)
import * as openpgp from 'openpgp';
import { expect } from 'vitest';
import { DecryptionError } from '../errors';
import { decryptAndVerify, openForRewrap } from '../openpgp.service';
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
