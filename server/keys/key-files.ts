// Key files in the data folder: written once, owner-only (0600), never overwritten.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export function readKeyFile(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/**
 * Writes atomically (temp file then rename) so two processes starting at once never see half a key, and refuses
 * to replace an existing file: the loser of a race re-reads the winner's key.
 */
export function writeKeyFileOnce(path: string, content: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) return false;
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  if (existsSync(path)) return false;
  renameSync(tmp, path);
  return true;
}
