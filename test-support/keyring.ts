// A private D-Bus session bus with an unlocked gnome-keyring, so keychain tests use the real
// Secret Service without touching the developer's own keyring.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyringHandle {
  busAddress: string;
  stop(): Promise<void>;
}

function readLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl).trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
}

export async function startKeyring(): Promise<KeyringHandle> {
  const home = mkdtempSync(join(tmpdir(), 'tessera-keyring-'));
  const dbus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const busAddress = await readLine(dbus);
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), DBUS_SESSION_BUS_ADDRESS: busAddress };
  // gnome-keyring-daemon exits on its own when its session bus goes away.
  const stop = async (): Promise<void> => {
    dbus.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  };
  // --unlock reads the keyring password on stdin; without it the daemon tries to open a prompt.
  try {
    execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], {
      env, input: 'tessera-test', stdio: ['pipe', 'ignore', 'inherit'],
    });
  } catch (err) {
    // Without this the bus outlives the failed run and holds its output pipe open, so the run never ends.
    await stop();
    throw err;
  }
  return { busAddress, stop };
}
