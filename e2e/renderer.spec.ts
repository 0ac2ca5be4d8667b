// The renderer end to end: built files, real preload bridge, real router and services, in Chromium.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import type { IpcResult } from '../common/ipc';
import { startAppHarness, type AppHarness } from './harness/app-harness';
import { HARNESS_BINDING } from './harness/names';
import type { PageDocument, PageEvent, PageSecurityPolicyViolation, PageWindow } from './harness/page-types';
import { artifactsDir } from './harness/paths';

// Used only inside page.evaluate and init-script callbacks, which run in the page.
declare const window: PageWindow;
declare const document: PageDocument;

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly disposition: string;
}

const test = base.extend<{ harness: AppHarness; problems: string[] }>({
  harness: async ({ context }, use) => {
    const harness = await startAppHarness(context);
    await use(harness);
    await harness.close();
  },
  // Console errors, page errors and CSP violations during a test: a clean run has none unless it provokes them.
  problems: [
    async ({ page }, use) => {
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
        seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition });
      });
    });
    await use(problems);
    },
    { auto: true },
  ],
});

const violations = (page: Page) => page.evaluate(() => (window.__cspViolations as Violation[]).slice());

test('the lock screen shows app.info that came through the bridge', async ({ page, harness, problems }) => {
  const response = await page.goto(harness.entryUrl);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  await expect(page.getByRole('heading', { name: 'Vault locked' })).toBeVisible();
  await expect(page.getByTestId('lock-state')).toHaveText('Locked');
  await expect(page.getByTestId('app-version')).toHaveText(`Version ${harness.version}`);
  await expect(page.getByTestId('app-platform')).toHaveText(process.platform === 'linux' ? 'Linux' : /.+/);

  // The values came through the router, called by the app's own main frame.
  expect(harness.calls).toContainEqual({ method: 'app.info', payload: undefined, sender: { url: harness.entryUrl, isMainFrame: true } });
  // The page saw the preload's API and nothing of Node.
  expect(await page.evaluate(() => [typeof window.tessera.app.info, typeof window.require])).toEqual([
    'function',
    'undefined',
  ]);

  await mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'lock-screen.png') });
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a lock event from main reaches the screen', async ({ page, harness, problems }) => {
  await page.goto(harness.entryUrl);
  await expect(page.getByTestId('lock-state')).toHaveText('Locked');
  await harness.publish(page, 'session.locked', { reason: 'idle' });
  await expect(page.getByRole('status')).toHaveText('Locked after a period of inactivity.');
  expect(problems).toEqual([]);
});

test('the lock state shown is the one the service reports', async ({ page, harness }) => {
  harness.locked = false;
  await page.goto(harness.entryUrl);
  await expect(page.getByTestId('lock-state')).toHaveText('Unlocked');
  await expect(page.getByRole('heading', { name: 'Vault unlocked' })).toBeVisible();
});

test('a call with an invalid payload is refused with INVALID_PAYLOAD', async ({ page, harness }) => {
  await page.goto(harness.entryUrl);
  await expect(page.getByTestId('lock-state')).toBeVisible();
  const result = await page.evaluate(() => (window.tessera.app.info as (req: unknown) => Promise<unknown>)({ unexpected: 'field' }));
  expect(result).toEqual({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('app.info') } });
});

test('an unknown method sent straight to the transport is refused with UNKNOWN_METHOD', async ({ page, harness }) => {
  await page.goto(harness.entryUrl);
  await expect(page.getByTestId('lock-state')).toBeVisible();
  const results = await page.evaluate(async (binding) => {
    const invoke = window[binding] as (m: unknown, p: unknown) => Promise<IpcResult<unknown>>;
    return Promise.all([invoke('vault.exportEverything', {}), invoke('__proto__', undefined), invoke('toString', undefined)]);
  }, HARNESS_BINDING);
  for (const result of results) expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: expect.any(String) } });
  // The typed API has no way to name it at all.
  expect(await page.evaluate(() => Object.keys(window.tessera).sort())).toEqual(['app', 'on']);
});

test('a page from another origin is refused with INVALID_SENDER', async ({ page, harness }) => {
  await page.route('http://foreign.test/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>elsewhere</title>' }));
  await page.goto('http://foreign.test/');
  const result = await page.evaluate((binding) => {
    const invoke = window[binding] as (m: unknown, p: unknown) => Promise<unknown>;
    return invoke('app.info', undefined);
  }, HARNESS_BINDING);
  expect(result).toEqual({ ok: false, error: { code: 'INVALID_SENDER', message: expect.any(String) } });
  expect(harness.calls.at(-1)?.sender).toEqual({ url: 'http://foreign.test/', isMainFrame: true });
});

test('script injected into the DOM never runs: Trusted Types and the CSP stop it', async ({ page, harness }) => {
  await page.goto(harness.entryUrl);
  await expect(page.getByTestId('lock-state')).toBeVisible();

  const outcome = await page.evaluate(async () => {
    const refusals: string[] = [];
    const attempt = (run: () => void) => {
      try {
        run();
      } catch (error) {
        refusals.push((error as Error).name);
      }
    };
    // An injected <script> element with inline code.
    attempt(() => {
      const script = document.createElement('script');
      script.appendChild(document.createTextNode("(window.__ran ??= []).push('script')"));
      document.body.appendChild(script);
    });
    // An inline event handler, the classic stored-XSS payload.
    attempt(() => {
      const image = document.createElement('img');
      image.setAttribute('onerror', "(window.__ran ??= []).push('handler')");
      image.setAttribute('src', '/no-such-image.png');
      document.body.appendChild(image);
    });
    // Markup through an HTML sink.
    attempt(() => document.body.insertAdjacentHTML('beforeend', `<img src="/x.png" onerror="(window.__ran ??= []).push('markup')">`));
    // eval, from a later task: DevTools lets code it evaluates call eval, so it must run outside this call.
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        attempt(() => (0, eval)("(window.__ran ??= []).push('eval')"));
        resolve();
      }, 0),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { ran: (window.__ran as string[] | undefined) ?? [], refusals };
  });

  expect(outcome.ran).toEqual([]);
  // Every vector was refused on the spot except the image handler, which never got to be set.
  expect(outcome.refusals.length).toBeGreaterThanOrEqual(3);
  const seen = await violations(page);
  expect(seen.length).toBeGreaterThanOrEqual(4);
  for (const violation of seen) {
    expect(['require-trusted-types-for', 'script-src-elem', 'script-src-attr', 'script-src']).toContain(violation.directive);
    expect(violation.disposition).toBe('enforce');
  }
});

test('an inline script in the served document is blocked by script-src and never runs', async ({ page, harness }) => {
  // Tamper with the real response on its way in, keeping its headers (the CSP among them).
  await page.route(harness.entryUrl, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('</body>', "<script>window.__pwned = 'inline'</script></body>");
    await route.fulfill({ response, body: html });
  });
  await page.goto(harness.entryUrl);
  await expect(page.getByTestId('lock-state')).toHaveText('Locked');
  expect(await page.evaluate(() => window.__pwned ?? null)).toBeNull();
  const seen = await violations(page);
  expect(seen.length).toBeGreaterThan(0);
  // Reported once per policy: the meta tag's and the header's.
  for (const violation of seen) expect(violation).toEqual({ directive: 'script-src-elem', blocked: 'inline', disposition: 'enforce' });
});
