// The window's plumbing end to end: built files, the real preload bridge, the real dispatcher and services
// (buildDesktopIpc) against a real server, in Chromium. What reaches main, what the page can reach, and what
// the CSP and Trusted Types refuse. The vault screens have their own spec files.
import { contract, type IpcResult } from '../common/ipc';
import { expect, PASSPHRASE, test, unlock, userInProfile, violations } from './harness/fixtures';
import { HARNESS_BINDING } from './harness/names';
import type { PageDocument, PageWindow } from './harness/page-types';

// Used only inside page.evaluate callbacks, which run in the page.
declare const window: PageWindow;
declare const document: PageDocument;

test('a fresh profile opens on the first-run screen, with its facts from main through the bridge', async ({ page, harness, problems }) => {
  const response = await page.goto(harness.entryUrl);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Join my organisation/ })).toBeFocused();
  await expect(page.getByRole('button', { name: /Sign in with a recovery kit/ })).toBeVisible();

  // The values came through the dispatcher, called by the app's own main frame.
  expect(harness.calls).toContainEqual({ method: 'account.list', payload: undefined, sender: { url: harness.entryUrl, isMainFrame: true } });
  expect(harness.calls).toContainEqual({ method: 'session.status', payload: undefined, sender: { url: harness.entryUrl, isMainFrame: true } });
  // The page saw the preload's API and nothing of Node.
  expect(await page.evaluate(() => [typeof window.tessera.vault.query, typeof window.require])).toEqual(['function', 'undefined']);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a lock from main (idle) reaches the window, which drops the vault and says why', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'idle');
  await org.share(user.userId, [{ name: 'Idle item', username: 'idle-user', password: 'idle-pass' }]);
  await page.goto(harness.entryUrl);
  await unlock(page);
  await expect(page.getByRole('option', { name: /Idle item/ })).toBeVisible();
  // What the idle timer does in main when it fires.
  harness.desktop.services.session.lock('idle');
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Locked after a period of inactivity.');
  await expect(page.getByText('Idle item')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('an unlock made in another window (quick access) opens the vault here too, without a second passphrase', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'elsewhere');
  await org.share(user.userId, [{ name: 'Elsewhere item', username: 'elsewhere-user', password: 'elsewhere-pass' }]);
  await page.goto(harness.entryUrl);
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  // What the quick-access window's unlock does in main: open the vault, then sync.
  await harness.desktop.services.session.unlock(user.accountId, PASSPHRASE);
  harness.desktop.syncMonitor.started();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible();
  await expect(page.getByRole('option', { name: /Elsewhere item/ })).toBeVisible();
  expect(problems).toEqual([]);
});

test('a call with an invalid payload is refused with INVALID_PAYLOAD', async ({ page, harness }) => {
  await page.goto(harness.entryUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();
  const result = await page.evaluate(() => (window.tessera.app.info as (req: unknown) => Promise<unknown>)({ unexpected: 'field' }));
  expect(result).toEqual({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('app.info') } });
});

test('an unknown method sent straight to the transport is refused with UNKNOWN_METHOD', async ({ page, harness }) => {
  await page.goto(harness.entryUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();
  const results = await page.evaluate(async (binding) => {
    const invoke = window[binding] as (m: unknown, p: unknown) => Promise<IpcResult<unknown>>;
    return Promise.all([invoke('vault.exportEverything', {}), invoke('__proto__', undefined), invoke('toString', undefined)]);
  }, HARNESS_BINDING);
  for (const result of results) expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: expect.any(String) } });
  // The typed API has no way to name it at all.
  const domains = [...new Set(Object.keys(contract).map((m) => m.split('.')[0]!)), 'on'].sort();
  expect(await page.evaluate(() => Object.keys(window.tessera).sort())).toEqual(domains);
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
  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();

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
  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();
  expect(await page.evaluate(() => window.__pwned ?? null)).toBeNull();
  const seen = await violations(page);
  expect(seen.length).toBeGreaterThan(0);
  // Reported once per policy: the meta tag's and the header's.
  for (const violation of seen) expect(violation).toEqual({ directive: 'script-src-elem', blocked: 'inline', disposition: 'enforce' });
});
