// The one boundary between the OpenPGP message code (openpgp.service.ts, the worker) and whatever decrypts and
// encrypts session keys. Two providers implement it:
//   openpgp-provider.ts  the reference: openpgp.js's decryptSessionKeys / encryptSessionKey, for every key kind
//   node-provider.ts     node:crypto for the kinds it measurably speeds up, the reference for everything else
// active.ts picks one for this thread (the `fastCrypto` setting turns the second off).
//
//   const provider = sessionKeyProvider();
//   const [sessionKey] = await provider.decryptSessionKeys(message, unlockedKey); // DecryptionError if none
//   const to = await provider.encrypterFor(recipientPublicKey);                   // EncryptionError if it cannot encrypt now
//   const pkesk = await to.encrypt(sessionKey);                                   // one PKESK v3 packet, header included
//
// The message is parsed once, by openpgp.js (readMessage); providers read its parsed packets and never frame bytes.
import type { Message, PublicKey } from 'openpgp';
import type { EncryptionMaterial } from '../encryption-material';
import type { UnlockedKey } from '../unlocked-key';

/** A session key to encrypt: algorithm name as openpgp.js spells it ('aes256') and the raw key. */
export interface SessionKeyBytes {
  data: Uint8Array;
  algorithm: string;
}

/** A decrypted session key; `algorithm` is null only for packets that do not name it (v6 PKESKs). */
export interface DecryptedSessionKey {
  data: Uint8Array;
  algorithm: string | null;
}

/** Encrypts session keys for one recipient's encryption (sub)key, chosen when the encrypter was made. */
export interface SessionKeyEncrypter {
  /** One PKESK v3 packet, header included. Throws for a session key this key kind cannot carry. */
  encrypt(sessionKey: SessionKeyBytes): Promise<Uint8Array>;
}

export interface SessionKeyProvider {
  readonly name: string;
  /** The session keys of a message parsed by openpgp.js that `key` can decrypt (the caller zeroes them). Throws DecryptionError when none. */
  decryptSessionKeys(message: Message<string>, key: UnlockedKey): Promise<DecryptedSessionKey[]>;
  /** For the recipient's current encryption subkey (openpgp.js selects and judges it). Throws EncryptionError. */
  encrypterFor(recipient: PublicKey): Promise<SessionKeyEncrypter>;
  /**
   * From the subkey material validated when the key was learned (encryption-material.ts), without parsing the
   * key; null when this provider needs the parsed key (then call encrypterFor).
   */
  encrypterFromMaterial(material: EncryptionMaterial | null | undefined, now?: number): SessionKeyEncrypter | null;
}
