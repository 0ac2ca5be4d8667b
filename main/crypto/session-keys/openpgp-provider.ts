// The reference session-key provider: openpgp.js for every key kind (RSA, legacy and RFC 9580 Curve25519, NIST
// and brainpool ECDH, X448). What the fast provider does must be indistinguishable from this (conformance.test.ts).
import { decryptSessionKeys, encryptSessionKey, type Message, type PublicKey } from 'openpgp';
import { DecryptionError, EncryptionError } from '../errors';
import type { UnlockedKey } from '../unlocked-key';
import type { DecryptedSessionKey, SessionKeyBytes, SessionKeyEncrypter, SessionKeyProvider } from './provider';

type SessionAlgorithm = Parameters<typeof encryptSessionKey>[0]['algorithm'];

/** What every encryption path reports when a recipient's key cannot take a session key. */
export function unusableRecipientKey(cause: unknown): EncryptionError {
  return new EncryptionError('The message could not be encrypted for this key (it may be expired, revoked or unable to encrypt).', { cause });
}

class OpenPgpEncrypter implements SessionKeyEncrypter {
  constructor(private readonly recipient: PublicKey) {}

  async encrypt(sessionKey: SessionKeyBytes): Promise<Uint8Array> {
    return encryptSessionKey({
      data: sessionKey.data, algorithm: sessionKey.algorithm as SessionAlgorithm, encryptionKeys: this.recipient, format: 'binary',
    });
  }
}

export class OpenPgpSessionKeys implements SessionKeyProvider {
  readonly name = 'openpgp.js';

  async decryptSessionKeys(message: Message<string>, key: UnlockedKey): Promise<DecryptedSessionKey[]> {
    try {
      return await decryptSessionKeys({ message, decryptionKeys: key.privateKey });
    } catch (err) {
      throw new DecryptionError('The message could not be decrypted with this key.', { cause: err });
    }
  }

  async encrypterFor(recipient: PublicKey): Promise<SessionKeyEncrypter> {
    try {
      await recipient.getEncryptionKey(); // refuse an expired, revoked or signing-only key now, not per message
    } catch (err) {
      throw unusableRecipientKey(err);
    }
    return new OpenPgpEncrypter(recipient);
  }

  encrypterFromMaterial(): SessionKeyEncrypter | null {
    return null;
  }
}
