// The quick-search window end to end: the renderer at #quick as main loads it into the quick-access window, the
// real services and a real server. Copies are read back from the harness's clipboard port, hides from its
// quick-window port.
import { expect, PASSPHRASE, snap, test, userInProfile, violations } from './harness/fixtures';
import type { AppHarness } from './harness/app-harness';
import type { PageWindow } from './harness/page-types';
import type { Page } from '@playwright/test';

// Used only inside page.evaluate callbacks, which run in the page.
declare const window: PageWindow;

/** The quick-access window's size (main/electron/quick-access.ts). */
const QUICK_SIZE = { width: 640, height: 400 };

async function openQuick(page: Page, harness: AppHarness): Promise<void> {
  await page.setViewportSize(QUICK_SIZE);
  await page.goto(`${harness.entryUrl}#quick`);
}

/** Main showed the window again: the event main sends after every show. */
async function shown(harness: AppHarness): Promise<void> {
  await harness.publish('quick.shown', {});
}

test('search per keystroke, arrows, Enter copies the selected password, shortcuts for the username and website, Escape hides', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'quick');
  await org.share(user.userId, [
    { name: 'GitHub', username: 'grace@tessera.test', uri: 'https://github.com/login', password: 'gh-S3cret!' },
    { name: 'GitLab', username: 'grace', uri: 'gitlab.example', password: 'gitlab-pass' },
    { name: 'AWS root', username: 'root', uri: 'https://aws.amazon.com', password: 'aws-pass' },
    { name: 'Office Wi-Fi', username: null, uri: null, password: 'wifi-pass', type: 1 },
  ]);
  const { services } = harness.desktop;
  await services.session.unlock(user.accountId, PASSPHRASE);
  await services.sync.sync();

  await openQuick(page, harness);
  const search = page.getByRole('combobox', { name: 'Search' });
  const results = page.getByRole('listbox', { name: 'Results' });
  await expect(search).toBeFocused();
  // Without a query: everything, A to Z, the first selected; each row names the item, its user and its site.
  await expect(results.getByRole('option')).toHaveCount(4);
  await expect(results.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await expect(results.getByRole('option', { name: /GitHub/ })).toContainText('grace@tessera.test');
  await expect(results.getByRole('option', { name: /GitHub/ })).toContainText('github.com');
  await expect(results.getByRole('option', { name: /GitHub/ })).not.toContainText('/login');
  await expect(page.getByRole('note', { name: 'Keyboard shortcuts' })).toContainText('Copy password');

  // Per keystroke: the list narrows as the text grows; the arrows move the selection and stay in the list.
  await search.pressSequentially('git');
  await expect(results.getByRole('option')).toHaveCount(2);
  await snap(page, 'quick-results');
  const options = results.getByRole('option');
  await search.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await search.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await search.press('ArrowUp');
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id')) ?? '');
  const second = (await options.nth(1).textContent()) ?? '';
  const [name, password] = second.includes('GitHub') ? ['GitHub', 'gh-S3cret!'] : ['GitLab', 'gitlab-pass'];

  // Enter copies the selected item's password, says so and when it clears, then hides the window.
  await search.press('Enter');
  await expect(page.getByRole('status')).toHaveText(`Password for ${name} copied — clears in 30 s`);
  expect(harness.clipboard.text).toBe(password);
  await snap(page, 'quick-copied');
  await expect.poll(() => harness.quickWindow.hides).toBe(1);

  // Shown again: an empty, focused search, no confirmation left over.
  await search.blur();
  await shown(harness);
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('quick-notice')).toHaveCount(0);
  await expect(results.getByRole('option')).toHaveCount(4);

  // A fast typist: Enter right after the last key copies the match for everything typed.
  await search.pressSequentially('gitl');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Password for GitLab copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('gitlab-pass');

  // Ctrl+B the username, Ctrl+C the password, Ctrl+U opens the website through main and hides at once.
  await shown(harness);
  await search.pressSequentially('hub');
  await expect(results.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Control+B');
  await expect(page.getByRole('status')).toHaveText('Username for GitHub copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('grace@tessera.test');
  await page.keyboard.press('Control+C');
  await expect(page.getByRole('status')).toHaveText('Password for GitHub copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('gh-S3cret!');
  const hides = harness.quickWindow.hides;
  await page.keyboard.press('Control+U');
  await expect.poll(() => harness.opened).toEqual(['https://github.com/login']);
  await expect.poll(() => harness.quickWindow.hides).toBe(hides + 1);

  // An item without a username says so, and the clipboard keeps what it had.
  await shown(harness);
  await search.pressSequentially('wi-fi');
  await page.keyboard.press('Control+B');
  await expect(page.getByRole('status')).toHaveText('Office Wi-Fi has no username.');
  expect(harness.clipboard.text).toBe('gh-S3cret!');

  // No match.
  await search.fill('nothing like this');
  await expect(page.getByText('Nothing matches “nothing like this”.')).toBeVisible();
  await expect(results).toHaveCount(0);
  await page.keyboard.press('Enter');
  expect(harness.clipboard.text).toBe('gh-S3cret!');

  // Escape hides the window.
  const before = harness.quickWindow.hides;
  await search.press('Escape');
  await expect.poll(() => harness.quickWindow.hides).toBe(before + 1);
  // Every call came from the quick page's own origin, as main requires.
  expect(harness.calls.every((c) => (c.sender.url ?? '').startsWith(`${harness.origin}/index.html#quick`))).toBe(true);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a locked vault asks for the passphrase first, then searches; locking goes back to it', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'quick-locked');
  await openQuick(page, harness);
  const passphrase = page.getByLabel('Passphrase', { exact: true });
  await expect(page.getByRole('heading', { name: 'Unlock to search your vault' })).toBeVisible();
  await expect(passphrase).toBeFocused();
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveCount(0);
  await snap(page, 'quick-locked');

  // A showing starts again from an empty field; a wrong passphrase is a sentence.
  await passphrase.fill('half typed');
  await shown(harness);
  await expect(passphrase).toHaveValue('');
  await expect(passphrase).toBeFocused();
  await passphrase.fill('not my passphrase at all');
  await passphrase.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('That passphrase is not right. Check Caps Lock and try again.');

  // Unlocked: the search, focused; an empty vault says so.
  await passphrase.fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  const search = page.getByRole('combobox', { name: 'Search' });
  await expect(search).toBeFocused();
  await expect(page.getByText('Your vault has no items yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Open Tessera to add one' }).click();
  expect(harness.quickWindow.mainOpens).toBe(1);

  // Items shared meanwhile appear once a sync brings them (vault.changed).
  await org.share(user.userId, [{ name: 'Payroll portal', username: 'grace', uri: 'https://payroll.example', password: 'payroll-pass' }]);
  await harness.desktop.services.sync.sync();
  await expect(page.getByRole('option', { name: /Payroll portal/ })).toBeVisible();
  await search.press('Enter');
  await expect.poll(() => harness.clipboard.text).toBe('payroll-pass');

  // Locked from elsewhere (the main window, idle): the rows go, the passphrase is asked for again.
  harness.desktop.services.session.lock('user');
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(0);
  expect(await page.content()).not.toContain('Payroll portal');

  // Unlocked in the main window while this one was hidden: the next showing goes straight to the search.
  await harness.desktop.services.session.unlock(user.accountId, PASSPHRASE);
  await shown(harness);
  await expect(page.getByRole('combobox', { name: 'Search' })).toBeFocused();
  await expect(page.getByRole('option', { name: /Payroll portal/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('offline: a banner, and copying from what is on this computer; hostile items stay text', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'quick-offline');
  await org.share(user.userId, [
    { name: 'VPN', username: 'grace', uri: 'https://vpn.example', password: 'vpn-pass' },
    { name: '<img src=x onerror="window.__pwned = 1">', username: 'rtl\u202Euser', uri: 'javascript:window.__pwned = 2', password: 'hostile-pass' },
  ]);
  await harness.desktop.services.session.unlock(user.accountId, PASSPHRASE);
  await harness.desktop.services.sync.sync();
  await openQuick(page, harness);
  const search = page.getByRole('combobox', { name: 'Search' });
  // A copy while online keeps the secret on this computer (sealed) for later.
  await search.pressSequentially('vpn');
  await search.press('Enter');
  await expect.poll(() => harness.clipboard.text).toBe('vpn-pass');

  // The hostile item: its name is text, its address is shown but never opened.
  await shown(harness);
  await search.pressSequentially('img');
  const hostile = page.getByRole('option', { name: /onerror/ });
  await expect(hostile).toContainText('<img src=x onerror="window.__pwned = 1">');
  await expect(hostile).toContainText('RLO');
  await page.keyboard.press('Control+U');
  await expect(page.getByTestId('quick-notice')).toBeVisible();
  expect(harness.opened).toEqual([]);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  await org.server.stop();
  try {
    await harness.desktop.syncMonitor.run().catch(() => undefined);
    await shown(harness);
    await expect(page.getByText('Offline — copying uses what is already on this computer.')).toBeVisible();
    harness.clipboard.text = '';
    await search.pressSequentially('vpn');
    await search.press('Enter');
    await expect(page.getByRole('status')).toHaveText('Password for VPN copied — clears in 30 s');
    expect(harness.clipboard.text).toBe('vpn-pass');
  } finally {
    await org.server.restart();
  }
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
