// In-memory Keychain for unit tests (same size limit as the real one).
//
//   const keychain = new MemoryKeychain();
import { assertKeychainValueSize, type Keychain } from './keychain';

export class MemoryKeychain implements Keychain {
  readonly #entries = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.#entries.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    assertKeychainValueSize(secret);
    this.#entries.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#entries.delete(account);
  }

  /** Account names currently stored (tests). */
  accounts(): string[] {
    return [...this.#entries.keys()];
  }
}
