// The development preview as a new user meets it on a machine without Electron's binary: `npm start`'s script
// (scripts/start.ts) on its own dev folder and ports prints one link; the built renderer opens from it in
// Chromium, talks to the real desktop services in that process over the token-guarded loopback transport, and
// the demo administrator, signed in to the profile by the script, unlocks to the seeded vault. Ctrl+C stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { IpcResult } from '../common/ipc';
import { DEMO_PASSPHRASE } from '../scripts/demo-data';
import { projectRoot } from './harness/paths';
import type { PageDocument, PageEvent, PageSecurityPolicyViolation, PageWindow } from './harness/page-types';

// Used only inside page.evaluate callbacks, which run in the page.
declare const window: PageWindow;
declare const document: PageDocument;

const LINK_LINE = /^Open Tessera in your browser: (http:\/\/127\.0\.0\.1:\d+\/#token=([A-Za-z0-9_-]{43}))$/m;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let devDir: string;
let child: ChildProcess;
let output = '';
let link = '';
let token = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // First run: the server generates its keys and the demo organisation is seeded through the real protocol.
  test.setTimeout(150_000);
  devDir = mkdtempSync(join(tmpdir(), 'tessera-preview-e2e-'));
  // No D-Bus session, so no OS keychain: the build machines' case and a headless newcomer's. The administrator's
  // device key is sealed with the demo passphrase in the profile (the keychain path has its own tests).
  const env: NodeJS.ProcessEnv = {
    ...process.env, TESSERA_DEV_DIR: devDir, TESSERA_DEV_PORT: String(await freePort()), DBUS_SESSION_BUS_ADDRESS: '',
  };
  // No display: copies must say they were not made (the clipboard tools themselves are tested under Node).
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.TESSERA_DEV_PREVIEW_PORT;
  child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts/start.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no link within 140 s:\n${output}`)), 140_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = LINK_LINE.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        [, link, token] = match as unknown as [string, string, string];
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited (${code}) before printing the link:\n${output.replace(/token=[\w-]+/g, 'token=…')}`));
    });
  });
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  if (devDir) rmSync(devDir, { recursive: true, force: true });
});

/** Console errors, page errors and CSP violations: a clean run has none. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event: PageEvent) => {
      const e = event as PageSecurityPolicyViolation;
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
    });
  });
  return problems;
}

const violations = (page: Page) => page.evaluate(() => (window.__cspViolations as unknown[]).slice());

test('npm start prints one link, with the token only there, and the demo profile ready', () => {
  expect(output.match(/Open Tessera in your browser:/g)).toHaveLength(1);
  expect(output.split(token)).toHaveLength(2);
  expect(output).toContain('Electron\'s binary is not installed here');
  expect(output).toContain(DEMO_PASSPHRASE);
  expect(output).toContain('No OS keychain here');
  expect(output).toContain('Ada Lovelace\'s account was just signed in there from the recovery kit');
  expect(output).toMatch(/Copy in the window: .*the copy was not made\./);
});

test('the link opens the window: unlock the demo administrator, see the seeded vault, copy says it was not made', async ({ page }) => {
  const problems = await watch(page);
  const response = await page.goto(link);
  expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
  // The token left the address bar (and so the history) at once.
  expect(page.url()).not.toContain(token);

  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  // Without a keychain nothing can be remembered, and the window does not offer it.
  await expect(page.getByLabel('Remember for')).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill('not the demo passphrase');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('That passphrase is not right. Check Caps Lock and try again.');

  await page.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option', { name: /AWS root account/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /Grafana/ })).toBeVisible();
  // The count came through the real transport from the real services.
  const status = await page.evaluate(() => window.tessera.session.status()) as IpcResult<{ locked: boolean }>;
  expect(status).toMatchObject({ ok: true, value: { locked: false } });

  // Search runs in main's index, reached over the preview transport.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.pressSequentially('grafana');
  await expect(list.getByRole('option')).toHaveCount(1);
  await list.getByRole('option', { name: /Grafana/ }).click();
  await expect(list.getByRole('option', { name: /Grafana/ })).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByRole('region', { name: 'Details' });
  await expect(detail.getByRole('heading', { name: 'Grafana' })).toBeVisible();
  await detail.getByRole('button', { name: 'Copy password' }).click();
  // The preview has no clipboard here, and the window says so instead of confirming a copy.
  const announced = page.getByRole('status').filter({ hasText: 'could not be copied' });
  await expect(announced).toContainText('Password for Grafana could not be copied.');
  await expect(announced).toContainText('the copy was not made.');

  // A reload keeps working: the token is in this tab's sessionStorage, not in the address.
  await page.reload();
  const info = await page.evaluate(() => window.tessera.app.info()) as IpcResult<{ locked: boolean }>;
  expect(info).toMatchObject({ ok: true, value: { locked: false } });

  // Locking from the window reaches main, and main's session.locked event comes back over the event stream.
  await page.evaluate(() => window.tessera.session.lock());
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();

  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a page without the token reaches nothing', async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto(new URL(link).origin);
  const info = await page.evaluate(() => window.tessera.app.info()) as IpcResult<unknown>;
  expect(info).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  await page.close();
});

test('Ctrl+C stops the preview and the server cleanly', async () => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('Preview stopped.');
  expect(output).toContain('Server stopped.');
});
