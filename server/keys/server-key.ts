// The server's OpenPGP key (curve25519), generated at first start and kept in `server.key` in the data folder.
// Clients encrypt their login challenge to it and verify its signature on the answer.
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { readKeyFile, writeKeyFileOnce } from './key-files';

export interface ServerKey {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
  publicArmored: string;
  /** Upper-case hex. */
  fingerprint: string;
}

export const SERVER_KEY_FILE = 'server.key';

export async function generateServerKeyArmored(domain: string): Promise<string> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc', curve: 'curve25519Legacy', format: 'armored',
    userIDs: [{ name: 'Tessera server', email: `server@${domain}` }],
  });
  return privateKey;
}

export async function loadOrCreateServerKey(dataDir: string, domain: string): Promise<ServerKey> {
  const path = join(dataDir, SERVER_KEY_FILE);
  if (readKeyFile(path) === null) writeKeyFileOnce(path, await generateServerKeyArmored(domain));
  const privateKey = await openpgp.readPrivateKey({ armoredKey: readKeyFile(path)! });
  const publicKey = privateKey.toPublic();
  return {
    privateKey, publicKey, publicArmored: publicKey.armor(), fingerprint: privateKey.getFingerprint().toUpperCase(),
  };
}
