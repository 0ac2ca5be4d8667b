// resolveRecipients with real keys and the real KeyTrust: the encryption material handed to the pool always comes
// from the same armored key as the fingerprint checked against the pin. A key the server now sends that differs
// from the cached one never gets the cached material: it is parsed afresh, and refused when it is not the pinned key.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../common/ipc';
import { OpenPgpService } from '../crypto/openpgp.service';
import type { UserDto } from '../api/schemas';
import { KeyTrust } from './key-trust.service';
import type { VaultStore } from './ports';
import { resolveRecipients } from './recipients';
import type { UnlockedVault } from './unlocked-vault';
import { toUserRecord, type UserRecord } from './vault-records';

const pgp = new OpenPgpService();

/** The settings part of a VaultStore (all KeyTrust uses), in memory. */
function settingsStore(): VaultStore {
  const settings = new Map<string, string>();
  return {
    getSetting: (name: string) => settings.get(name),
    setSetting: (name: string, value: string) => void settings.set(name, value),
    deleteSetting: (name: string) => void settings.delete(name),
  } as unknown as VaultStore;
}

function dto(id: string, armoredKey: string): UserDto {
  return { id, username: `${id}@example.com`, gpgkey: { armored_key: armoredKey } } as unknown as UserDto;
}

async function setup() {
  const [first, second] = await Promise.all(['first', 'second'].map((n) => pgp.generateKeyPair({ name: n, email: 'u1@example.com', passphrase: n })));
  const info = await pgp.readKeyInfo(first!.armoredPublicKey);
  const record: UserRecord = toUserRecord(dto('u1', first!.armoredPublicKey), info.fingerprint, info.encryption);
  const trust = new KeyTrust(settingsStore(), pgp);
  trust.observe([{ userId: 'u1', fingerprint: info.fingerprint }]);
  const vault = { users: new Map([['u1', record]]), trust } as unknown as UnlockedVault;
  return { first: first!, second: second!, record, trust, vault };
}

describe('resolveRecipients', () => {
  it('passes the cached material with the cached key, and fresh material with a key the server sends anew', async () => {
    const { first, second, record, trust, vault } = await setup();
    const [cached] = await resolveRecipients(vault, pgp, ['u1']);
    expect(cached).toMatchObject({ armoredKey: first.armoredPublicKey, fingerprint: record.fingerprint, encryption: record.encryption });
    expect(record.encryption).not.toBeNull();

    // The server sends another key: the pin refuses it, whatever material the cache holds.
    const refused = await resolveRecipients(vault, pgp, ['u1'], [dto('u1', second.armoredPublicKey)]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('KEY_CHANGED');

    // Accepted: its own material, parsed from it, never the cached one.
    const secondInfo = await pgp.readKeyInfo(second.armoredPublicKey);
    trust.acceptUserKey('u1', secondInfo.fingerprint);
    const [fresh] = await resolveRecipients(vault, pgp, ['u1'], [dto('u1', second.armoredPublicKey)]);
    expect(fresh).toMatchObject({ armoredKey: second.armoredPublicKey, fingerprint: secondInfo.fingerprint, encryption: secondInfo.encryption });
    expect(fresh!.encryption).not.toEqual(record.encryption);
  });

  it('a record cached before material existed resolves with none (the armored key is used)', async () => {
    const { vault, record } = await setup();
    delete record.encryption;
    const [r] = await resolveRecipients(vault, pgp, ['u1']);
    expect(r!.encryption).toBeNull();
  });
});
