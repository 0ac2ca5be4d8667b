// The Keychain contract, run against the in-memory implementation and the REAL OS store: keytar talking to
// gnome-keyring on the private D-Bus session the vitest global setup starts (DBUS_SESSION_BUS_ADDRESS).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_MAX_VALUE_BYTES, KeychainUnavailableError, KeychainValueTooLargeError, type Keychain } from './keychain';
import { KeytarKeychain } from './keytar-keychain';
import { MemoryKeychain } from './memory-keychain';

const implementations: [string, () => Keychain][] = [
  ['memory', () => new MemoryKeychain()],
  ['keytar + gnome-keyring', () => new KeytarKeychain('Tessera-test')],
];

describe.each(implementations)('Keychain contract (%s)', (_name, make) => {
  it('stores, reads, replaces and deletes a value', async () => {
    const keychain = make();
    const account = `acc-${randomUUID()}:device-key`;
    expect(await keychain.get(account)).toBeNull();
    await keychain.set(account, 'first value é');
    expect(await keychain.get(account)).toBe('first value é');
    await keychain.set(account, 'second');
    expect(await keychain.get(account)).toBe('second');
    expect(await keychain.delete(account)).toBe(true);
    expect(await keychain.get(account)).toBeNull();
    expect(await keychain.delete(account)).toBe(false);
  });

  it('keeps accounts apart', async () => {
    const keychain = make();
    const a = `a-${randomUUID()}`;
    const b = `b-${randomUUID()}`;
    await keychain.set(a, 'A');
    await keychain.set(b, 'B');
    expect([await keychain.get(a), await keychain.get(b)]).toEqual(['A', 'B']);
    await keychain.delete(a);
    expect(await keychain.get(b)).toBe('B');
    await keychain.delete(b);
  });

  it('refuses values over the Windows size cap, accepts one at the cap', async () => {
    const keychain = make();
    const account = `big-${randomUUID()}`;
    await expect(keychain.set(account, 'x'.repeat(KEYCHAIN_MAX_VALUE_BYTES + 1))).rejects.toBeInstanceOf(KeychainValueTooLargeError);
    await keychain.set(account, 'x'.repeat(KEYCHAIN_MAX_VALUE_BYTES));
    expect(await keychain.get(account)).toHaveLength(KEYCHAIN_MAX_VALUE_BYTES);
    await keychain.delete(account);
  });
});

describe('KeytarKeychain', () => {
  it('writes into the real Secret Service under the service name', async () => {
    const keychain = new KeytarKeychain('Tessera-test');
    const account = `probe-${randomUUID()}`;
    await keychain.set(account, 'visible to another process');
    // Read it back from another process, proving the value is in gnome-keyring, not in this process's memory.
    const script = `require('keytar').getPassword('Tessera-test', ${JSON.stringify(account)}).then((v) => process.stdout.write(String(v)))`;
    const fromOtherProcess = execFileSync(process.execPath, ['-e', script], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
    expect(fromOtherProcess).toBe('visible to another process');
    await keychain.delete(account);
  });

  it('reports an unreachable Secret Service as KeychainUnavailableError', () => {
    const script = `
      import { KeytarKeychain } from './main/keychain/keytar-keychain.ts';
      try { await new KeytarKeychain('Tessera-test').get('x'); console.log('no error'); }
      catch (e) { console.log(e.name); }`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-bus' },
      encoding: 'utf8', timeout: 20_000,
    });
    expect(out.trim()).toBe(KeychainUnavailableError.name);
  });
});
