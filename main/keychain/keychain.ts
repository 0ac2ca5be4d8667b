// The OS keychain behind a three-method interface, so services and tests do not care which store is used.
//
//   const keychain: Keychain = new KeytarKeychain();          // the OS store, service name "Tessera"
//   const keychain: Keychain = new MemoryKeychain();          // unit tests
//   await keychain.set('acc-123:device-key', base64);  await keychain.get('acc-123:device-key');  await keychain.delete(...)
//
// Keep values small: Windows' credential store caps a blob at 2.5 KB (checked here, so the limit shows up in tests
// on every platform, not only on Windows).

/** Largest value accepted, in UTF-8 bytes (Windows Credential Manager's CRED_MAX_CREDENTIAL_BLOB_SIZE is 2560). */
export const KEYCHAIN_MAX_VALUE_BYTES = 2560;

export interface Keychain {
  /** The stored secret, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Creates or replaces the secret. */
  set(account: string, secret: string): Promise<void>;
  /** Removes it; true when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** The keychain cannot be used (no Secret Service on Linux, locked keyring, ...). */
export class KeychainUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeychainUnavailableError';
  }
}

export class KeychainValueTooLargeError extends Error {
  constructor(bytes: number) {
    super(`A keychain value may not exceed ${KEYCHAIN_MAX_VALUE_BYTES} bytes (got ${bytes}).`);
    this.name = 'KeychainValueTooLargeError';
  }
}

export function assertKeychainValueSize(secret: string): void {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes > KEYCHAIN_MAX_VALUE_BYTES) throw new KeychainValueTooLargeError(bytes);
}
