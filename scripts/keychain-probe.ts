// Is an OS keychain usable here? On Linux keytar needs a Secret Service (gnome-keyring, KWallet) on a D-Bus
// session; without one it fails, or with a locked keyring it may wait forever for a prompt nobody sees. The
// probe therefore runs in a child process with a time limit: write, read back and delete one throwaway entry.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type KeychainProbe = { readonly usable: true } | { readonly usable: false; readonly reason: string };

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const PROBE = `
const keytar = require('keytar');
const service = 'Tessera-probe', account = 'probe-' + process.pid;
(async () => {
  await keytar.setPassword(service, account, 'probe');
  const back = await keytar.getPassword(service, account);
  await keytar.deletePassword(service, account);
  if (back !== 'probe') throw new Error('the keychain did not return what was written');
})().then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });
`;

export async function probeKeychain(timeoutMs = 8000): Promise<KeychainProbe> {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    return { usable: false, reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service' };
  }
  const child = spawn(process.execPath, ['-e', PROBE], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise<KeychainProbe>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ usable: false, reason: `the keychain did not answer within ${timeoutMs / 1000} s (locked keyring waiting for a prompt?)` });
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ usable: false, reason: error.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? { usable: true } : { usable: false, reason: stderr.trim().split('\n')[0] || `probe exited with ${code}` });
    });
  });
}
