// The RS256 key pair that signs access tokens: `jwt.key` (PKCS#8 private) and `jwt.pem` (SPKI public) in the
// data folder, generated at first start. Every server process behind one load balancer must share these files.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { exportJWK, type JWK } from 'jose';
import { readKeyFile, writeKeyFileOnce } from './key-files';

export interface JwtKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  jwk: JWK;
}

export const JWT_PRIVATE_FILE = 'jwt.key';
export const JWT_PUBLIC_FILE = 'jwt.pem';

export async function generateJwtPem(modulusLength = 4096): Promise<{ privatePem: string; publicPem: string }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export async function loadOrCreateJwtKeys(dataDir: string): Promise<JwtKeys> {
  const privatePath = join(dataDir, JWT_PRIVATE_FILE);
  const publicPath = join(dataDir, JWT_PUBLIC_FILE);
  if (readKeyFile(privatePath) === null) {
    const pems = await generateJwtPem();
    if (writeKeyFileOnce(privatePath, pems.privatePem)) writeKeyFileOnce(publicPath, pems.publicPem);
  }
  const privateKey = createPrivateKey(readKeyFile(privatePath)!);
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  // jwt.pem is informative (Passbolt keeps one); the public key is always derived from the private one.
  writeKeyFileOnce(publicPath, publicPem);
  const jwk = { ...(await exportJWK(publicKey)), alg: 'RS256', use: 'sig' };
  return { privateKey, publicKey, publicPem, jwk };
}
