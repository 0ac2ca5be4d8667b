// Typed errors of the crypto layer, so callers can branch on `instanceof` instead of parsing
// openpgp.js messages (which change between versions). Messages never contain key material.

/** Base class: every error thrown on purpose by main/crypto. */
export class CryptoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The passphrase does not decrypt the private key. */
export class WrongPassphraseError extends CryptoError {
  constructor(options?: { cause?: unknown }) {
    super('The passphrase is incorrect.', options);
  }
}

/** The armored text is not a usable OpenPGP key of the expected kind. */
export class InvalidKeyError extends CryptoError {}

/** A message could not be read or decrypted with the given key. */
export class DecryptionError extends CryptoError {}

/** A message could not be encrypted (e.g. the recipient key cannot encrypt, is expired or revoked). */
export class EncryptionError extends CryptoError {}

/** An operation was attempted with an UnlockedKey after `wipe()`. */
export class KeyWipedError extends CryptoError {
  constructor() {
    super('The private key has been locked.');
  }
}

/** The error a cancelled bulk operation rejects with (`name === 'AbortError'`, like fetch). */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error('The operation was aborted.', { cause: reason });
  err.name = 'AbortError';
  return err;
}
