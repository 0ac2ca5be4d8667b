// Server key files for tests, generated once per machine and copied into each server's data folder, so the
// dozens of servers the tests start do not each spend seconds generating an RSA key.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateJwtPem, JWT_PRIVATE_FILE, JWT_PUBLIC_FILE } from '../keys/jwt-keys';
import { generateServerKeyArmored, SERVER_KEY_FILE } from '../keys/server-key';

const CACHE = join(tmpdir(), 'tessera-test-server-keys-v1');
const FILES = [SERVER_KEY_FILE, JWT_PRIVATE_FILE, JWT_PUBLIC_FILE];

async function ensureCache(): Promise<string> {
  if (FILES.every((f) => existsSync(join(CACHE, f)))) return CACHE;
  const staging = `${CACHE}.${randomBytes(6).toString('hex')}`;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  const jwt = await generateJwtPem(2048);
  writeFileSync(join(staging, JWT_PRIVATE_FILE), jwt.privatePem, { mode: 0o600 });
  writeFileSync(join(staging, JWT_PUBLIC_FILE), jwt.publicPem, { mode: 0o600 });
  writeFileSync(join(staging, SERVER_KEY_FILE), await generateServerKeyArmored('localhost'), { mode: 0o600 });
  try {
    renameSync(staging, CACHE);
  } catch {
    // Another worker won the race: use its keys.
    rmSync(staging, { recursive: true, force: true });
  }
  return CACHE;
}

/** Copies the shared test keys into `dataDir`, leaving keys already there alone (a restart keeps its keys). */
export async function installFixtureKeys(dataDir: string): Promise<void> {
  const from = await ensureCache();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (FILES.some((f) => existsSync(join(dataDir, f)))) return;
  for (const f of FILES) copyFileSync(join(from, f), join(dataDir, f));
}
