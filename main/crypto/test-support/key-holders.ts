// Key holders for the session-key tests (encryption-material, session-keys-pool): people with an unlocked key of
// a given kind, and a read-back of a message with plain openpgp.js (the independent check of what Tessera wrote).
import * as openpgp from 'openpgp';
import { OpenPgpService } from '../openpgp.service';
import type { UnlockedKey } from '../unlocked-key';

export interface KeyHolder { armoredPublicKey: string; key: UnlockedKey }

const pgp = new OpenPgpService();

/** openpgp.js 6 `curve25519`: an Ed25519 primary with an RFC 9580 X25519 encryption subkey. */
export async function rfc9580Holder(name: string): Promise<KeyHolder> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: `${name}@example.com` }], passphrase: 'p', format: 'armored' });
  return { armoredPublicKey: publicKey, key: await pgp.unlockPrivateKey(privateKey, 'p') };
}

/** A key as Tessera makes it (legacy Curve25519). */
export async function tesseraHolder(name: string): Promise<KeyHolder> {
  const made = await pgp.generateKeyPair({ name, email: `${name}@example.com`, passphrase: name });
  return { armoredPublicKey: made.armoredPublicKey, key: await pgp.unlockPrivateKey(made.armoredPrivateKey, name) };
}

/** Decrypts with plain openpgp.js as `to`, requiring a signature by `writer`; returns the text. */
export async function plainDecrypt(armoredMessage: string, to: KeyHolder, writer: KeyHolder): Promise<string> {
  const { data, signatures } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage }), decryptionKeys: to.key.privateKey, verificationKeys: writer.key.publicKey, expectSigned: true,
  });
  await signatures[0]!.verified;
  return data as string;
}
