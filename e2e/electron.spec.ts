// The real desktop app through Playwright's Electron support. Needs Electron's binary, which cannot be
// downloaded on the build machines; there the test is skipped and says so.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { PageWindow } from './harness/page-types';
import { artifactsDir, projectRoot } from './harness/paths';

// Used only inside evaluate callbacks, which run in the app's window.
declare const window: PageWindow;

/** The Electron executable, or why there is none. `require('electron')` returns its path when installed. */
function findElectron(): { path: string } | { reason: string } {
  let executable: unknown;
  try {
    executable = createRequire(import.meta.url)('electron');
  } catch {
    // Electron's package has no install script; without its binary, require() tries the download and throws here
    // when it fails. (Where the bootstrap already saw it fail, it sets ELECTRON_OVERRIDE_DIST_PATH and we get a path.)
    return { reason: "Electron's binary is not installed on this machine (node_modules/electron has no downloaded dist/)" };
  }
  if (typeof executable !== 'string' || !existsSync(executable)) {
    return { reason: `Electron's binary is not installed on this machine (expected at ${String(executable)})` };
  }
  return { path: executable };
}

const found = findElectron();

test('the app window shows the lock screen with data from main', async () => {
  if ('reason' in found) {
    // Printed as well as recorded, so a CI log says why this project did not run.
    console.warn(`[electron] skipped: ${found.reason}`);
    test.skip(true, found.reason);
    return;
  }
  const app = await electron.launch({ executablePath: found.path, args: [projectRoot] });
  try {
    const appWindow = await app.firstWindow();
    await expect(appWindow.getByRole('heading', { name: 'Vault locked' })).toBeVisible();
    await expect(appWindow.getByTestId('lock-state')).toHaveText('Locked');
    expect(appWindow.url()).toBe('app://tessera/index.html');
    expect(await appWindow.evaluate(() => [typeof window.tessera.app.info, typeof window.require])).toEqual([
      'function',
      'undefined',
    ]);
    const result = await appWindow.evaluate(() => (window.tessera.app.info as (req: unknown) => Promise<unknown>)({ bad: 1 }));
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    await mkdir(artifactsDir, { recursive: true });
    await appWindow.screenshot({ path: path.join(artifactsDir, 'electron-lock-screen.png') });
  } finally {
    await app.close();
  }
});
