// The passphrase policy wherever a passphrase is chosen, with the app's own breach check: these windows judge
// passphrases as the desktop app does, asking the range API named in Settings, here a local fake range API (a
// real HTTP server answering the k-anonymity format) that records what arrived. Joining follows the organisation's
// policy as an administrator changes it; changing a passphrase shows the meter, blocks a leaked passphrase, only
// warns below the recommended minimum and when the service is down; the recovery kit is saved again.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { startAppHarness, type AppHarness } from './harness/app-harness';
import { expect, PASSPHRASE, snap, test as base, uniqueUser, unlock, userInProfile, violations } from './harness/fixtures';
import type { PageWindow } from './harness/page-types';

declare const window: PageWindow & { dispatchEvent(event: object): boolean };

const LEAKED = 'correct horse battery staple';
/** About 66 bits: above the organisation's 50, below the recommended 80. */
const MODEST = 'plum harbor ok';
/** About 99 bits, not leaked. */
const MIDDLING = 'violet harbor lantern';
const NEW_PASSPHRASE = 'granite meadow lantern 77';

interface FakeRangeApi {
  readonly url: string;
  /** Every request path that arrived, in order. */
  readonly requests: string[];
  stop(): Promise<void>;
}

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

/** Answers `GET /<any path>/<5 hex>` with `SUFFIX:COUNT` lines plus padding, as the Pwned Passwords range API does. */
async function startFakeRangeApi(leaked: readonly string[]): Promise<FakeRangeApi> {
  const hashes = leaked.map(sha1);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const prefix = /^\/[a-z]+\/([0-9A-F]{5})$/.exec(req.url ?? '')?.[1];
    if (!prefix) {
      res.writeHead(404).end();
      return;
    }
    const lines = hashes.filter((h) => h.startsWith(prefix)).map((h) => `${h.slice(5)}:3`);
    lines.push('00000000000000000000000000000000000:0', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let stopped = false;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async stop() {
      if (stopped) return;
      stopped = true;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A window whose breach check is the app's own, pointed at the fake range API before anything is checked. */
async function ownHarness(context: Parameters<typeof startAppHarness>[0], rangeUrl: string): Promise<AppHarness> {
  const harness = await startAppHarness(context);
  harness.desktop.settings.update({ rangeApiUrl: rangeUrl });
  return harness;
}

const test = base.extend<{ fake: FakeRangeApi }>({
  // eslint-disable-next-line no-empty-pattern
  fake: async ({}, use) => {
    const fake = await startFakeRangeApi([LEAKED]);
    await use(fake);
    await fake.stop();
  },
  harness: async ({ context, fake }, use) => {
    const harness = await ownHarness(context, `${fake.url}/range/`);
    await use(harness);
    await harness.close();
  },
});

/** The page comes back to the front (the administrator was in another window). */
const backToFront = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

test('the join screen follows the organisation\'s passphrase policy as an administrator changes it', async ({ page, harness, org, fake, browser, problems }) => {
  test.slow();
  const before = await org.admin.admin.passphrasePolicy();
  const adminName = uniqueUser('policy-admin');
  await harness.desktop.services.accounts.join(await org.server.createAdminLink(adminName, 'Frances', 'Allen'), PASSPHRASE);
  const link = await org.invite(uniqueUser('follow'), 'Mary', 'Jackson');

  // The invitee's window, on another computer.
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const theirs = await ownHarness(context, `${fake.url}/range/`);
  try {
    const join = await context.newPage();
    await join.goto(theirs.entryUrl);
    await join.getByRole('button', { name: /Join my organisation/ }).click();
    await join.getByLabel('Invitation link').fill(link);
    await join.getByRole('button', { name: 'Continue' }).click();
    const passphrase = join.getByLabel('New passphrase', { exact: true });
    const verdict = join.getByTestId('passphrase-verdict');
    const joinButton = join.getByRole('button', { name: 'Join', exact: true });
    await expect(verdict).toHaveText('Your organisation requires at least 50 bits of entropy.');

    // Above the required minimum but below the recommended one: accepted, with a warning.
    await passphrase.fill(MODEST);
    await expect(verdict).toHaveText(/ of 50 bits your organisation requires/);
    await expect(join.getByTestId('passphrase-advice')).toContainText('below the recommended 80 bits');
    await passphrase.fill(MIDDLING);
    await expect(verdict).toHaveText(/^Fair · 9\d of 50 bits your organisation requires$/);
    await join.getByLabel('Confirm passphrase', { exact: true }).fill(MIDDLING);
    await expect(joinButton).toBeEnabled();

    // Meanwhile the administrator requires 112 bits, in their own window.
    await page.goto(harness.entryUrl);
    await unlock(page);
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('tab', { name: 'Passphrase policy' }).click();
    const form = page.getByRole('form', { name: 'Passphrase policy' });
    await form.getByLabel('Required minimum').fill('112');
    await expect(form.getByText('Required, 112 bits')).toBeVisible();
    await form.getByRole('button', { name: 'Save passphrase policy' }).click();
    await expect(page.getByTestId('toast')).toContainText('Passphrase policy saved');

    // The invitee's window comes back to the front and judges by the new minimum: the same passphrase is refused.
    await backToFront(join);
    await expect(verdict).toHaveText(/ of 112 bits your organisation requires$/);
    await expect(join.getByText('The passphrase should have at least 112 bits of entropy (it has 9')).toBeVisible();
    await expect(joinButton).toBeDisabled();
    // A longer one passes, and main agrees.
    const longer = `${MIDDLING} quietly`;
    await passphrase.fill(longer);
    await join.getByLabel('Confirm passphrase', { exact: true }).fill(longer);
    await expect(verdict).toHaveText(/ of 112 bits your organisation requires$/);
    await expect(joinButton).toBeEnabled();
    await joinButton.click();
    await expect(join.getByRole('heading', { name: 'Save your recovery kit' })).toBeVisible({ timeout: 20_000 });
    // Only 5-character prefixes of hashes reached the breach service.
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const request of fake.requests) expect(request).toMatch(/^\/range\/[0-9A-F]{5}$/);
  } finally {
    await context.close();
    await theirs.close();
    await org.admin.admin.setPassphrasePolicy(before);
  }
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('changing the passphrase: the meter, a leaked passphrase refused, a warning below the recommendation and when the check is down', async ({ page, harness, org, fake, problems }) => {
  test.slow();
  const user = await userInProfile(org, harness, 'change');
  await page.goto(harness.entryUrl);
  await unlock(page);

  // The organisation's mirror, set in Settings › Security; the address is checked once saved.
  await page.getByRole('button', { name: 'Settings' }).click();
  const address = page.getByLabel('Leaked-passphrase check service');
  await expect(address).toHaveValue(`${fake.url}/range/`);
  await address.fill('http://mirror.example/range/');
  await address.press('Enter');
  await expect(page.getByText('Enter an https:// address (http:// only for 127.0.0.1 or localhost), without a ? query or # part.')).toBeVisible();
  await address.fill(`${fake.url}/mirror/`);
  await address.press('Enter');
  await expect(page.getByTestId('range-probe')).toHaveText('The service answered.');
  expect(harness.desktop.settings.get().rangeApiUrl).toBe(`${fake.url}/mirror/`);
  await address.scrollIntoViewIfNeeded();
  await snap(page, 'settings-breach-check');
  fake.requests.length = 0;
  await page.getByRole('button', { name: 'All items' }).click();

  await page.getByRole('button', { name: `Account: Grace Hopper` }).click();
  await page.getByRole('menuitem', { name: 'Change passphrase…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change passphrase' });
  await expect(dialog.getByLabel('Current passphrase', { exact: true })).toBeFocused();
  await dialog.getByLabel('Current passphrase', { exact: true }).fill(PASSPHRASE);
  const next = dialog.getByLabel('New passphrase', { exact: true });
  const change = dialog.getByRole('button', { name: 'Change passphrase' });

  // Leaked: refused, whatever its entropy. Only the hash's first 5 characters went out, to the mirror.
  await next.fill(LEAKED);
  await expect(dialog.getByText('Found in 3 known data breaches.')).toBeVisible();
  await expect(change).toBeDisabled();
  const hash = sha1(LEAKED);
  expect(fake.requests).toContain(`/mirror/${hash.slice(0, 5)}`);
  for (const request of fake.requests) {
    expect(request).toMatch(/^\/mirror\/[0-9A-F]{5}$/);
    expect(request).not.toContain(hash.slice(5, 12));
  }

  // Below the recommended 80 bits: accepted, with a warning.
  await next.fill(MODEST);
  await expect(dialog.getByText('Not found in known data breaches.')).toBeVisible();
  await expect(dialog.getByTestId('passphrase-advice')).toBeVisible();
  await dialog.getByLabel('Confirm new passphrase', { exact: true }).fill(MODEST);
  await expect(change).toBeEnabled();

  // The service goes down: a warning, never a block.
  await fake.stop();
  await next.fill(NEW_PASSPHRASE);
  await expect(dialog.getByText('The breach check could not be reached.')).toBeVisible();
  await expect(dialog.getByText('The passphrase could not be checked against the dictionary of exposed passwords.')).toBeVisible();
  await dialog.getByLabel('Confirm new passphrase', { exact: true }).fill(`${NEW_PASSPHRASE}?`);
  await expect(dialog.getByText('The two new passphrases are not the same yet.')).toBeVisible();
  await dialog.getByLabel('Confirm new passphrase', { exact: true }).fill(NEW_PASSPHRASE);
  await expect(change).toBeEnabled();
  await snap(page, 'change-passphrase');
  await change.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toast')).toContainText('Passphrase changed');

  // The new passphrase unlocks; the old one no longer does.
  await page.keyboard.press('Control+L');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await unlock(page, NEW_PASSPHRASE);

  // The recovery kit, saved again with the new passphrase.
  await page.getByRole('button', { name: `Account: Grace Hopper` }).click();
  await page.getByRole('menuitem', { name: 'Save recovery kit again…' }).click();
  const kit = page.getByRole('dialog', { name: 'Save recovery kit again' });
  await kit.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await kit.getByRole('button', { name: 'Save recovery kit…' }).click();
  await expect(kit.getByRole('alert')).toHaveText('That passphrase did not unlock this account. Check it and try again.');
  await kit.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
  await kit.getByRole('button', { name: 'Save recovery kit…' }).click();
  await expect(kit.getByTestId('kit-saved')).toContainText(harness.files.dir);
  expect(harness.files.saved).toHaveLength(1);
  expect(await harness.files.read(harness.files.saved[0]!.path)).toContain(`Comment: Tessera account ${user.userId}`);
  await kit.getByRole('button', { name: 'Done' }).click();
  await expect(kit).toBeHidden();
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
