// The OS keychain through keytar: macOS Keychain, Windows Credential Manager, the Secret Service (gnome-keyring,
// KWallet) on Linux. Every entry lives under the service name "Tessera".
//
//   const keychain = new KeytarKeychain();            // or new KeytarKeychain('Tessera-dev')
//   await keychain.set('acc-123:device-key', value);
//
// keytar is a native module; it is loaded on first use so code paths that never touch the keychain (and unit tests
// using MemoryKeychain) do not need it. Errors from the OS store become KeychainUnavailableError; the message
// never includes the value.
import { assertKeychainValueSize, KeychainUnavailableError, type Keychain } from './keychain';

type Keytar = typeof import('keytar');

export const KEYCHAIN_SERVICE = 'Tessera';

let keytarModule: Promise<Keytar> | undefined;

function loadKeytar(): Promise<Keytar> {
  keytarModule ??= import('keytar').then((m) => ((m as { default?: Keytar }).default ?? m) as Keytar);
  return keytarModule;
}

export class KeytarKeychain implements Keychain {
  constructor(readonly service: string = KEYCHAIN_SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.#call('read', (k) => k.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    assertKeychainValueSize(secret);
    await this.#call('write', (k) => k.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.#call('delete', (k) => k.deletePassword(this.service, account));
  }

  async #call<T>(what: string, fn: (k: Keytar) => Promise<T>): Promise<T> {
    let keytar: Keytar;
    try {
      keytar = await loadKeytar();
    } catch (err) {
      throw new KeychainUnavailableError('The OS keychain module could not be loaded.', { cause: err });
    }
    try {
      return await fn(keytar);
    } catch (err) {
      throw new KeychainUnavailableError(`Could not ${what} the OS keychain: ${(err as Error).message}`, { cause: err });
    }
  }
}
