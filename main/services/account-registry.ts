// The accounts on this machine (server URL, user, display name): a small JSON file in the app's data folder.
// It holds nothing secret; the private key and the vault live sealed in each account's cache.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../../common/ipc';

export interface AccountEntry {
  /** Local id (also names the cache file and keychain entries). */
  id: string;
  serverUrl: string;
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  created: string;
}

export class AccountRegistry {
  constructor(private readonly file: string) {}

  list(): AccountEntry[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { accounts?: AccountEntry[] };
      return Array.isArray(parsed.accounts) ? parsed.accounts : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  get(id: string): AccountEntry {
    const account = this.list().find((a) => a.id === id);
    if (!account) throw new DomainError('NOT_FOUND', 'This account is not set up on this computer.');
    return account;
  }

  findByUser(serverUrl: string, userId: string): AccountEntry | undefined {
    return this.list().find((a) => a.serverUrl === serverUrl && a.userId === userId);
  }

  add(entry: Omit<AccountEntry, 'id' | 'created'>): AccountEntry {
    const account: AccountEntry = { ...entry, id: randomUUID(), created: new Date().toISOString() };
    this.write([...this.list(), account]);
    return account;
  }

  update(id: string, changes: Partial<Omit<AccountEntry, 'id'>>): void {
    this.write(this.list().map((a) => (a.id === id ? { ...a, ...changes } : a)));
  }

  remove(id: string): void {
    this.write(this.list().filter((a) => a.id !== id));
  }

  private write(accounts: AccountEntry[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a crash never leaves a half-written list.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ accounts }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
