// One JWT login for an account: fetch the server key, check it against the pin, run the challenge with the
// unlocked key (main/crypto does the OpenPGP), refuse MFA-gated sessions the app cannot complete yet.
import { DomainError } from '../../common/ipc';
import type { LoginResult } from '../api/auth-api';
import type { PassboltApi } from '../api/passbolt-api';
import { CryptoError } from '../crypto/errors';
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
    // An answer not encrypted to us and signed by the pinned server key is someone else's: refuse to sign in.
    decryptFromServer: (message, serverArmoredKey) => crypto.decryptLoginResponse(message, key, serverArmoredKey).catch((error: unknown) => {
      if (!(error instanceof CryptoError)) throw error;
      throw new DomainError('BAD_RESPONSE', 'The server\'s answer to the sign-in was not signed with its key, so Tessera did not sign in.');
    }),
  });
  if (result.mfaProviders.length > 0) {
    throw new DomainError('SERVER_REJECTED',
      `This account requires multi-factor authentication (${result.mfaProviders.join(', ')}), which this version of Tessera cannot complete.`);
  }
  return result;
}
