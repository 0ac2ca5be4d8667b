// What `start` runs before it reports ready: a self-check of the OpenPGP work the server does on requests, with
// throwaway keys made for it. Nothing is read from or written to the database. A failure stops the start with
// a clear message instead of failing logins or shares later.
//
// It is also a warm-up. The first 1,000-secret share of a fresh process used to take ~400 ms more than the next
// ones: V8 was compiling the OpenPGP parsing code on that request (in background threads that share the core when
// the process is pinned), and the login's decryption, which shares OpenPGP's stream helpers with the secret
// checks, threw away code compiled for the checks alone. Running both kinds of work here, login first, with
// inputs shaped like real ones (armored text parsed from JSON, secrets of several sizes), leaves code that stays
// valid.
import { randomUUID } from 'node:crypto';
import { createMessage, decrypt, encrypt, generateKey, readKey, readMessage } from 'openpgp';
import type { Deps } from './composition';
import type { ServerKey } from './keys/server-key';

export interface SelfCheckOptions {
  /** How many secrets the secret-validation batch holds. */
  secretBatch: number;
}

/**
 * 2,500 secrets: measured on the 2-core build machine (server pinned to one core, load ~5), the first
 * 1,000-secret share then cost about the CPU of a warm one (205-280 ms against 180-200 ms), where a batch of
 * 1,000 left it at 320-390 ms and no self-check at 500-530 ms. The whole self-check took ~0.7 s at that load.
 */
export const DEFAULT_SELF_CHECK: SelfCheckOptions = { secretBatch: 2500 };

const LOGIN_FAILED = 'start-up self-check failed: the server key cannot open a login challenge or sign an answer';

export async function runStartupSelfCheck(deps: Pick<Deps, 'keys' | 'services'>, options: SelfCheckOptions = DEFAULT_SELF_CHECK): Promise<void> {
  let loginOk: boolean;
  try {
    loginOk = await checkLoginCrypto(deps.keys.server);
  } catch {
    loginOk = false;
  }
  if (!loginOk) throw new Error(LOGIN_FAILED);
  await deps.services.sharing.secretIntake.selfCheck(options.secretBatch);
}

/**
 * The login protocol's OpenPGP work, both ways: a challenge signed by a throwaway client key and encrypted to the
 * server key is opened and its signature checked, as login does; an answer encrypted to the client and signed by
 * the server key is opened and checked as a client would.
 */
async function checkLoginCrypto(server: ServerKey): Promise<boolean> {
  const client = await generateKey({ type: 'curve25519', userIDs: [{ name: 'Tessera self-check' }], format: 'object' });
  // As on a real login: the user's key is read from its armored text, the challenge from a parsed JSON body.
  const userKey = await readKey({ armoredKey: client.publicKey.armor() });
  const challenge = JSON.stringify({ version: '1.0.0', domain: 'https://self-check.invalid', verify_token: randomUUID(),
    verify_token_expiry: Math.floor(Date.now() / 1000) + 60 });
  const sent = await encrypt({ message: await createMessage({ text: challenge }), encryptionKeys: server.publicKey, signingKeys: client.privateKey });
  const body = JSON.parse(JSON.stringify({ challenge: sent })) as { challenge: string };
  const opened = await decrypt({ message: await readMessage({ armoredMessage: body.challenge }), decryptionKeys: server.privateKey,
    verificationKeys: userKey, expectSigned: true, format: 'utf8' });
  const answerText = JSON.stringify({ version: '1.0.0', verify_token: randomUUID() });
  const answer = await encrypt({ message: await createMessage({ text: answerText, format: 'utf8' }), encryptionKeys: userKey,
    signingKeys: server.privateKey });
  const read = await decrypt({ message: await readMessage({ armoredMessage: answer }), decryptionKeys: client.privateKey,
    verificationKeys: server.publicKey, expectSigned: true, format: 'utf8' });
  return opened.data === challenge && read.data === answerText;
}
