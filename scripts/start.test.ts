// `npm start`'s script end to end, as a user runs it (`--server-only`, since Electron's binary is not installed
// here, and on its own dev folder and a free port): the first run starts the real server, seeds the demo
// organisation and signs the administrator into the desktop profile with the real keychain; Ctrl+C stops the
// server; the second run reuses everything without seeding again; without D-Bus it says there is no keychain and
// signs the administrator in again with the device key sealed under the passphrase in the profile.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from './demo-data';

const root = fileURLToPath(new URL('..', import.meta.url));
const devDir = mkdtempSync(join(tmpdir(), 'tessera-start-'));
let port = 0;
afterAll(() => rmSync(devDir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

function portOpen(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: p });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Runs scripts/start.ts until it waits for Ctrl+C, presses Ctrl+C (SIGINT), and returns all it printed. */
async function runStart(env: Record<string, string | undefined>): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/start.ts'), '--server-only'], {
    cwd: root, env: { ...process.env, TESSERA_DEV_DIR: devDir, TESSERA_DEV_PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start did not get ready:\n${output}`)), 150_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Press Ctrl+C')) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`start exited early:\n${output}`)); });
  });
  expect(await portOpen(port)).toBe(true);
  child.kill('SIGINT');
  const code = await exited;
  return { output, code };
}

describe('npm start (scripts/start.ts)', () => {
  it('first run: server, demo organisation, administrator in the desktop profile; Ctrl+C stops the server', async () => {
    port = await freePort();
    const { output, code } = await runStart({});
    expect(code).toBe(0);
    expect(output).toContain(`Tessera server ready at http://127.0.0.1:${port}`);
    expect(output).toContain('First run: creating the demo organisation');
    expect(output).toContain('Ada Lovelace <ada@tessera.example> joined (admin)');
    expect(output).toContain('was just signed in there from the recovery kit');
    expect(output).toContain(DEMO_PASSPHRASE);
    expect(output).toContain('Server stopped.');
    expect(await portOpen(port)).toBe(false);

    const demo = readFileSync(join(devDir, 'DEMO.txt'), 'utf8');
    expect(demo).toContain(DEMO_PASSPHRASE);
    expect(demo).toContain(join(devDir, 'recovery-kits', 'grace@tessera.example.asc'));
    expect(existsSync(join(devDir, 'server', 'tessera.db'))).toBe(true);
    expect(JSON.parse(readFileSync(join(devDir, 'desktop', 'accounts.json'), 'utf8')).accounts).toHaveLength(1);
    expect(existsSync(join(devDir, 'seeding-in-progress'))).toBe(false);
  }, 200_000);

  it('second run: reuses the data, seeds nothing, finds the profile ready', async () => {
    const seededBefore = readFileSync(join(devDir, 'demo.json'), 'utf8');
    const mailsBefore = readdirSync(join(devDir, 'mail')).length;
    const { output, code } = await runStart({});
    expect(code).toBe(0);
    expect(output).toContain('Using the existing demo organisation');
    expect(output).not.toContain('First run');
    expect(output).toContain('account is set up there');
    expect(readFileSync(join(devDir, 'demo.json'), 'utf8')).toBe(seededBefore);
    expect(readdirSync(join(devDir, 'mail'))).toHaveLength(mailsBefore);
    expect(output).toContain('Server stopped.');
  }, 200_000);

  it('without a D-Bus session: seals the device key with the passphrase and still signs the administrator in', async () => {
    const { output, code } = await runStart({ DBUS_SESSION_BUS_ADDRESS: undefined });
    expect(code).toBe(0);
    expect(output).toContain('No OS keychain here (no D-Bus session');
    expect(output).toContain('sealed with its passphrase in the profile');
    // The profile's account was sealed by the keychain of the earlier runs, which is out of reach now.
    expect(output).toContain('account was signed in again');
    expect(output).not.toContain('NOT set up there yet');
    const accounts = JSON.parse(readFileSync(join(devDir, 'desktop', 'accounts.json'), 'utf8')).accounts as { id: string }[];
    expect(accounts).toHaveLength(1);
    expect(existsSync(join(devDir, 'desktop', 'device-keys', `${accounts[0]!.id}.json`))).toBe(true);
    expect(output).toContain('Server stopped.');

    // Again without a keychain: the sealed account opens with the demo passphrase and is left as it is.
    const again = await runStart({ DBUS_SESSION_BUS_ADDRESS: undefined });
    expect(again.output).toContain('account is set up there');
  }, 300_000);
});
