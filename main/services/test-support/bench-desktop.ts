// The environment of the desktop benchmarks (bench/client): a real server process on SQLite seeded through its
// storage layer, and one desktop "machine" signed in as a seeded administrator whose key was made by main/crypto.
// Outside vitest there is no private D-Bus session, so the keychain is the in-memory one unless a session bus is
// available (the keychain is touched once per unlock and is not what these benchmarks measure). The crypto threads
// run the worker as the app ships it, built by main/vite.config.ts: from source, each new thread would first spend
// ~0.3 s with tsx compiling TypeScript (measured), which the app never does. TESSERA_BENCH_FAST_CRYPTO=0 runs the
// benchmark as with the `fastCrypto` setting off (openpgp.js for every session key), for comparing the two.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readKey, readPrivateKey, decryptKey } from 'openpgp';
import { build } from 'vite';
import { createSqliteDatabase, type TestDatabase } from '../../../server/test-support/databases';
import { startServerProcess, type ServerProcess } from '../../../server/test-support/server-process';
import { openDatabase, type OpenDatabase } from '../../../server/storage/database';
import { seedUser } from '../../../bench/server/fixtures';
import { MemoryKeychain } from '../../keychain/memory-keychain';
import { OpenPgpService } from '../../crypto/openpgp.service';
import { PassphrasePolicyService } from '../passphrase-policy.service';
import { SearchIndex } from '../search/search.service';
import { createDesktopMachine, type DesktopMachine } from './desktop-machine';

export interface BenchDesktop {
  server: ServerProcess;
  database: TestDatabase;
  db: OpenDatabase;
  machine: DesktopMachine;
  userId: string;
  accountId: string;
  passphrase: string;
  /** Armored public key of the desktop user (to seed secrets for them). */
  armoredPublicKey: string;
  armoredPrivateKey: string;
  close(): Promise<void>;
}

/** Builds main/vite.config.ts's bundle into a temporary folder; returns it and the crypto worker's URL there. */
async function buildBundledWorker(): Promise<{ dir: string; url: URL }> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-worker-'));
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return { dir, url: pathToFileURL(join(dir, 'crypto.worker.cjs')) };
}

/** An existing account key (an imported Passbolt account) instead of one made by main/crypto. */
export interface BenchAccountKey {
  armoredPrivateKey: string;
  passphrase: string;
  /** The email of its user id, the account's username. */
  username: string;
}

export async function startBenchDesktop(options: { poolSize?: number; username?: string; accountKey?: BenchAccountKey } = {}): Promise<BenchDesktop> {
  const worker = await buildBundledWorker();
  const database = await createSqliteDatabase();
  const server = await startServerProcess({ db: database.url, env: { TESSERA_LOG_LEVEL: 'warn', TESSERA_BODY_LIMIT: String(64 * 2 ** 20) } });
  const db = openDatabase(database.url);
  const passphrase = options.accountKey?.passphrase ?? 'benchmark passphrase with enough entropy 2026';
  const crypto = new OpenPgpService();
  const username = options.accountKey?.username ?? options.username ?? 'bench@example.com';
  const pair = options.accountKey
    ? { armoredPrivateKey: options.accountKey.armoredPrivateKey, armoredPublicKey: (await readPrivateKey({ armoredKey: options.accountKey.armoredPrivateKey })).toPublic().armor() }
    : await crypto.generateKeyPair({ name: 'Bench User', email: username, passphrase });
  const privateKey = await decryptKey({ privateKey: await readPrivateKey({ armoredKey: pair.armoredPrivateKey }), passphrase });
  const publicKey = await readKey({ armoredKey: pair.armoredPublicKey });
  const user = await seedUser(db.db, { role: 'admin', username, keys: { privateKey, publicKey } });
  const machine = createDesktopMachine({
    // The import path only recommends; a closed port makes the dictionary check fail fast (not measured).
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }),
    createIndex: () => new SearchIndex(),
    poolSize: options.poolSize ?? 2,
    workerUrl: worker.url,
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? {} : { keychain: new MemoryKeychain() }),
  });
  if (process.env.TESSERA_BENCH_FAST_CRYPTO === '0') machine.pool.setFastSessionKeys(false);
  const { account } = await machine.accounts.importAccount({
    serverUrl: server.url, armoredPrivateKey: pair.armoredPrivateKey, passphrase, userId: user.id,
  });
  return {
    server, database, db, machine, userId: user.id, accountId: account.id, passphrase, armoredPublicKey: pair.armoredPublicKey, armoredPrivateKey: pair.armoredPrivateKey,
    async close() {
      await machine.close();
      await db.close();
      await server.stop();
      await database.drop();
      rmSync(worker.dir, { recursive: true, force: true });
    },
  };
}
