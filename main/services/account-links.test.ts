// Invitation links and the recovery kit's account header, without a server.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../common/ipc';
import { OpenPgpService } from '../crypto/openpgp.service';
import { buildRecoveryKit, parseInvitation, readRecoveryKitAccount } from './account.service';

const USER = '5f0c9c5e-1111-4000-8000-000000000001';
const TOKEN = '9a7b3c2d-2222-4000-8000-000000000002';

describe('parseInvitation', () => {
  it('reads Tessera and Passbolt setup links, including a server under a sub-path', () => {
    expect(parseInvitation(`https://pw.example.com/setup/start/${USER}/${TOKEN}`)).toEqual({ serverUrl: 'https://pw.example.com', userId: USER, token: TOKEN });
    expect(parseInvitation(` https://example.com/passbolt/setup/install/${USER.toUpperCase()}/${TOKEN}.json `))
      .toEqual({ serverUrl: 'https://example.com/passbolt', userId: USER, token: TOKEN });
  });

  it.each([
    'https://pw.example.com/setup/start/not-a-uuid/also-not',
    `https://pw.example.com/recover/${USER}/${TOKEN}`,
    `javascript:alert(1)//setup/start/${USER}/${TOKEN}`,
    `file:///setup/start/${USER}/${TOKEN}`,
    '',
  ])('refuses %j', (link) => {
    expect(() => parseInvitation(link)).toThrow(DomainError);
  });
});

describe('recovery kit', () => {
  it('names its account in an armor header and stays a readable private key', async () => {
    const crypto = new OpenPgpService();
    const pair = await crypto.generateKeyPair({ name: 'Kit', email: 'kit@example.com', passphrase: 'kit passphrase' });
    const kit = buildRecoveryKit(pair.armoredPrivateKey, USER, 'https://pw.example.com');
    expect(readRecoveryKitAccount(kit)).toEqual({ userId: USER, serverUrl: 'https://pw.example.com' });
    expect(readRecoveryKitAccount(pair.armoredPrivateKey)).toBeUndefined();
    const info = await crypto.readKeyInfo(kit);
    expect(info.fingerprint).toBe(pair.fingerprint);
    (await crypto.unlockPrivateKey(kit, 'kit passphrase')).wipe();
  });
});
