// One JWT login for an account: fetch the server key, check it against the pin, run the challenge with the
// unlocked key (main/crypto does the OpenPGP), refuse MFA-gated sessions the app cannot complete yet.
import { DomainError } from '../../common/ipc';
import type { LoginResult } from '../api/auth-api';
import type { PassboltApi } from '../api/passbolt-api';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { UnlockedKey } from '../crypto/unlocked-key';
import type { KeyTrust } from './key-trust.service';

export async function loginWithKey(
  api: PassboltApi, trust: KeyTrust, crypto: OpenPgpService, key: UnlockedKey, userId: string,
): Promise<LoginResult> {
  const serverKey = await api.auth.getServerKey();
  await trust.checkServerKey(serverKey);
  const result = await api.auth.login(userId, serverKey, {
    encryptForServer: (text, serverArmoredKey) => crypto.encryptLoginChallenge(text, serverArmoredKey, key),
    decryptFromServer: (message, serverArmoredKey) => crypto.decryptLoginResponse(message, key, serverArmoredKey),
  });
  if (result.mfaProviders.length > 0) {
    throw new DomainError('SERVER_REJECTED',
      `This account requires multi-factor authentication (${result.mfaProviders.join(', ')}), which this version of Tessera cannot complete.`);
  }
  return result;
}
