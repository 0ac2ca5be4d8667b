// Entry of the bundled-worker test (worker-bundle.test.ts): built with Vite into one file beside crypto.worker.*,
// then run with plain node. Prints a JSON summary on stdout.
import { OpenPgpService } from '../openpgp.service';
import { PublicKeyRing } from '../public-key-ring';
import { CryptoWorkerPool } from '../worker-pool';

async function main(): Promise<void> {
  const pgp = new OpenPgpService();
  const pair = await pgp.generateKeyPair({ name: 'Bundle', email: 'bundle@example.com', passphrase: 'bundle' });
  const key = await pgp.unlockPrivateKey(pair.armoredPrivateKey, 'bundle');
  const pool = new CryptoWorkerPool({ size: 2, batchSize: 2 });
  const items = Array.from({ length: 6 }, (_, i) => ({ text: `bundled ${i}`, recipientArmoredKey: pair.armoredPublicKey }));
  const encrypted = await pool.encryptForMany(items, key);
  const decrypted = await pool.decryptMany(encrypted, key, { verificationKeys: await PublicKeyRing.fromArmored([pair.armoredPublicKey]) });
  await pool.dispose();
  process.stdout.write(JSON.stringify({ texts: decrypted.map((d) => d.text), signatures: decrypted.map((d) => d.signature) }));
}

void main();
