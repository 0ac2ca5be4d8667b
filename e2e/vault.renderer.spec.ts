// The vault window end to end: real services, real server, the built renderer in Chromium.
import { expect, PASSPHRASE, snap, test, unlock, userInProfile, violations } from './harness/fixtures';
import type { PageDocument, PageWindow } from './harness/page-types';

// Used only inside page.evaluate callbacks, which run in the page.
declare const window: PageWindow;
declare const document: PageDocument;
declare const getComputedStyle: (element: object) => { readonly backgroundColor: string };

test('unlock: a wrong passphrase is a sentence, the right one opens the vault with the search focused', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'unlock');
  await org.share(user.userId, [
    { name: 'GitHub', username: 'grace@tessera.test', uri: 'https://github.com', password: 'gh-S3cret!' },
    { name: 'AWS root', username: 'root', uri: 'https://aws.amazon.com', password: 'aws-pass-1' },
  ]);
  await page.goto(harness.entryUrl);
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  // Settings do not allow remembering a passphrase by default, so it is not offered.
  await expect(page.getByLabel('Remember for')).toHaveCount(0);
  await snap(page, 'unlock');

  await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase at all');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('That passphrase is not right. Check Caps Lock and try again.');
  await expect(page.getByText('WRONG_PASSPHRASE')).toHaveCount(0);

  await unlock(page, PASSPHRASE);
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(list.getByRole('option').first()).toContainText('AWS root');
  await expect(page.getByTestId('idle-lock')).toHaveText('Locks after 15 min idle');
  await expect(page.getByText(/Up to date/)).toBeVisible();
  await snap(page, 'vault');

  // Allowed up to 8 hours in Settings: offered up to that, and a remembered passphrase unlocks after a lock.
  expect((await page.evaluate(() => window.tessera.settings.update({ rememberPassphraseMinutes: 480 }))).ok).toBe(true);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  const remember = page.getByLabel('Remember for');
  await expect(remember.locator('option')).toHaveText(['Don’t remember', '15 minutes', '1 hour', '8 hours']);
  await remember.selectOption({ label: '1 hour' });
  // Remembered in main's memory only: the window says it ends when Tessera quits.
  await expect(remember).toHaveAccessibleDescription('Until you quit Tessera, at most 1 hour.');
  await snap(page, 'unlock-remember');
  await unlock(page, PASSPHRASE);
  await page.keyboard.press('Control+L');
  await page.getByRole('button', { name: 'Unlock with the remembered passphrase' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await expect(list.getByRole('option')).toHaveCount(2);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('search, keyboard selection, copy (read back from the clipboard port), open and reveal', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'copy');
  await org.share(user.userId, [
    { name: 'GitHub', username: 'grace@tessera.test', uri: 'github.com', password: 'l1I0O|gh-S3cret!', description: 'Team account; 2FA on the ops phone.' },
    { name: 'GitLab', username: 'grace', uri: 'https://gitlab.example', password: 'gitlab-pass' },
    { name: 'Office Wi-Fi', username: null, uri: null, password: 'wifi-pass', type: 1 },
    { name: 'AWS root', username: 'root', uri: 'javascript:alert(1)', password: 'aws-pass' },
  ]);
  await page.goto(harness.entryUrl);
  await unlock(page);
  const search = page.getByRole('searchbox', { name: 'Search' });
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveCount(4);

  // Per keystroke: the list narrows as the text grows.
  await search.pressSequentially('git');
  await expect(list.getByRole('option')).toHaveCount(2);
  await search.pressSequentially('hu');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Search results' })).toBeVisible();

  // Arrow down from the search selects the first result; Enter opens it.
  await search.press('ArrowDown');
  await expect(list.getByRole('option', { name: /GitHub/ })).toHaveAttribute('aria-selected', 'true');
  await list.press('Enter');
  const detail = page.getByRole('region', { name: 'Details' });
  await expect(detail.getByRole('heading', { name: 'GitHub' })).toBeFocused();
  // The description is encrypted with the password: shown only when asked for.
  await expect(detail.getByText('Team account; 2FA on the ops phone.')).toHaveCount(0);
  await detail.getByRole('button', { name: 'Reveal description' }).click();
  await expect(detail.getByText('Team account; 2FA on the ops phone.')).toBeVisible();
  await expect(detail.getByText('grace@tessera.test')).toBeVisible();

  await detail.getByRole('button', { name: 'Copy password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'copied' })).toHaveText('Password for GitHub copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('l1I0O|gh-S3cret!');

  await detail.getByRole('button', { name: 'Copy username' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Username for GitHub copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('grace@tessera.test');
  await detail.getByRole('button', { name: 'Copy website' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Website for GitHub copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('github.com');

  // Shortcuts with the item selected and no text selected.
  await list.focus();
  await page.keyboard.press('Control+C');
  await expect(page.getByTestId('toast')).toHaveText('Password for GitHub copied — clears in 30 s');
  expect(harness.clipboard.text).toBe('l1I0O|gh-S3cret!');
  await page.keyboard.press('Control+B');
  await expect.poll(() => harness.clipboard.text).toBe('grace@tessera.test');
  await page.keyboard.press('Control+U');
  await expect.poll(() => harness.opened).toEqual(['https://github.com/']);

  // Reveal: monospace, digits and symbols tinted; hidden again when focus leaves.
  await snap(page, 'vault-selection');
  await detail.getByRole('button', { name: 'Reveal', exact: true }).click();
  const secret = detail.getByTestId('revealed-secret');
  await expect(secret).toHaveText('l1I0O|gh-S3cret!');
  await expect(secret.locator('.secret-digit').first()).toHaveText('1');
  await expect(secret.locator('.secret-symbol').first()).toHaveText('|');
  await snap(page, 'detail-reveal');
  await search.focus();
  await expect(secret).toHaveCount(0);
  await expect(page.getByText('l1I0O|gh-S3cret!')).toHaveCount(0);

  // Escape clears the search; every item is back, the selection kept.
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(list.getByRole('option')).toHaveCount(4);
  await expect(list.getByRole('option', { name: /GitHub/ })).toHaveAttribute('aria-selected', 'true');

  // Home/End and arrows move the selection; the detail follows.
  await list.focus();
  await list.press('End');
  await expect(detail.getByRole('heading', { name: 'Office Wi-Fi' })).toBeVisible();
  await expect(detail.getByText('You can read and copy this item but not change it.', { exact: false })).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Edit' })).toBeDisabled();
  await expect(detail.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await list.press('Home');
  await expect(detail.getByRole('heading', { name: 'AWS root' })).toBeVisible();
  // A javascript: address is shown as text and never opened.
  await detail.getByRole('button', { name: 'Open website' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Only http and https addresses are opened in the browser.');
  expect(harness.opened).toEqual(['https://github.com/']);
  await list.press('ArrowDown');
  await expect(detail.getByRole('heading', { name: 'GitHub' })).toBeVisible();

  // Sort by last modified keeps the selection.
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('modified');
  await expect(list.getByRole('option').first()).toContainText('AWS root');
  await expect(list.getByRole('option', { name: /GitHub/ })).toHaveAttribute('aria-selected', 'true');

  // Filters: shared with me lists all four; mine none.
  await page.getByRole('button', { name: 'Mine' }).click();
  await expect(page.getByText('You do not own any items yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Shared with me' }).click();
  await expect(list.getByRole('option')).toHaveCount(4);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('create, edit with Generate, favorite and delete an item', async ({ page, harness, org, problems }) => {
  await userInProfile(org, harness, 'crud');
  await page.goto(harness.entryUrl);
  await unlock(page);
  await expect(page.getByText('No items yet. Create one, or ask a colleague to share one with you.')).toBeVisible();
  await snap(page, 'empty-vault');

  // Create (Ctrl+N); a new item starts with a generated password.
  await page.keyboard.press('Control+N');
  const dialog = page.getByRole('dialog', { name: 'New item' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(dialog.getByRole('textbox', { name: 'Password', exact: true })).not.toHaveValue('');
  await dialog.getByLabel('Name', { exact: true }).fill('Staging database');
  await dialog.getByLabel('Username').fill('postgres');
  await dialog.getByLabel('Website').fill('https://db.staging.example');
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill('typed-by-hand-1');
  await dialog.getByLabel('Description').fill('Read replica on port 5433.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option', { name: /Staging database/ })).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByRole('region', { name: 'Details' });
  await expect(detail.getByRole('heading', { name: 'Staging database' })).toBeVisible();
  await detail.getByRole('button', { name: 'Copy password' }).click();
  await expect.poll(() => harness.clipboard.text).toBe('typed-by-hand-1');

  // Edit: rename and a generated passphrase (the generator's controls).
  await detail.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit item' });
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue('Staging database');
  await expect(edit.getByRole('textbox', { name: 'Password', exact: true })).toHaveValue('');
  await edit.getByLabel('Name', { exact: true }).fill('Staging DB (replica)');
  await edit.getByRole('button', { name: 'Generate' }).click();
  const generated = edit.getByRole('textbox', { name: 'Password', exact: true });
  await expect(generated).not.toHaveValue('');
  await edit.getByRole('radio', { name: 'Passphrase' }).check();
  await expect(edit.getByText(/Words/)).toBeVisible();
  await expect.poll(async () => (await generated.inputValue()).split(/[^A-Za-z]+/).filter(Boolean).length).toBeGreaterThanOrEqual(4);
  await edit.getByRole('radio', { name: 'Password' }).check();
  await edit.getByRole('checkbox', { name: 'Symbols' }).uncheck();
  await expect.poll(async () => /^[A-Za-z0-9]+$/.test(await generated.inputValue())).toBe(true);
  await edit.getByRole('button', { name: 'Show password' }).click();
  await snap(page, 'edit-generator');
  const newPassword = await generated.inputValue();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(detail.getByRole('heading', { name: 'Staging DB (replica)' })).toBeVisible();
  await expect(list.getByRole('option', { name: /Staging DB \(replica\)/ })).toHaveAttribute('aria-selected', 'true');
  await detail.getByRole('button', { name: 'Copy password' }).click();
  await expect.poll(() => harness.clipboard.text).toBe(newPassword);
  // The unchanged fields stayed.
  await expect(detail.getByText('postgres')).toBeVisible();

  // Favorite: the star, the row's star, the Favorites filter.
  await detail.getByRole('button', { name: 'Favorite' }).click();
  await expect(detail.getByRole('button', { name: 'Favorite' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Favorites' }).click();
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.getByRole('button', { name: 'All items' }).click();

  // Escape closes a dialog without saving; focus returns to the button that opened it.
  await detail.getByRole('button', { name: 'Edit' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(detail.getByRole('button', { name: 'Edit' })).toBeFocused();

  // Delete asks first, naming the item.
  await detail.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete item?' });
  await expect(confirm).toContainText('Staging DB (replica) will be deleted for everyone who has access to it.');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await snap(page, 'delete-confirm');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText('No items yet. Create one, or ask a colleague to share one with you.')).toBeVisible();
  expect((await harness.desktop.services.vault.queryWindow({ search: '', filter: { kind: 'all' }, sort: 'name', offset: 0, limit: 10 })).total).toBe(0);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('lock (button and Ctrl+L) empties the window; unlocking again starts clean', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'lock');
  await org.share(user.userId, [{ name: 'Payroll portal', username: 'finance-bot', password: 'payroll-1' }]);
  await page.goto(harness.entryUrl);
  await unlock(page);
  await page.getByRole('searchbox', { name: 'Search' }).fill('payroll');
  await page.getByRole('option', { name: /Payroll portal/ }).click();
  await page.getByRole('region', { name: 'Details' }).getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(page.getByTestId('revealed-secret')).toHaveText('payroll-1');

  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('You locked the vault.');
  // Nothing of the vault is left in the page: no row, no secret, no query.
  const html = await page.content();
  for (const text of ['Payroll portal', 'finance-bot', 'payroll-1', 'payroll']) expect(html).not.toContain(text);
  expect(harness.desktop.services.session.isLocked()).toBe(true);

  await unlock(page);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  await expect(page.getByRole('option', { name: /Payroll portal/ })).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByText('Select an item to see its details.')).toBeVisible();

  await page.keyboard.press('Control+L');
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  expect(await page.content()).not.toContain('Payroll portal');
  expect(problems).toEqual([]);
});

test('offline: the banner when the server stops, recovery when it returns', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'offline');
  await org.share(user.userId, [{ name: 'VPN', username: 'grace', uri: 'https://vpn.example', password: 'vpn-pass' }]);
  await page.goto(harness.entryUrl);
  await unlock(page);
  await expect(page.getByText(/Up to date/)).toBeVisible();
  await page.getByRole('option', { name: /VPN/ }).click();

  await org.server.stop();
  try {
    await page.getByRole('button', { name: 'Sync now' }).click();
    const banner = page.getByTestId('offline-banner');
    await expect(banner).toContainText('The server could not be reached. You can still read and copy what is on this device');
    await expect(page.getByTestId('sync-problem')).toContainText('Offline — read-only');
    // What is on this computer stays readable.
    await expect(page.getByRole('region', { name: 'Details' }).getByRole('heading', { name: 'VPN' })).toBeVisible();
    await expect(page.getByRole('option', { name: /VPN/ })).toBeVisible();
    await snap(page, 'offline');
  } finally {
    await org.server.restart();
  }
  await page.getByTestId('offline-banner').getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('offline-banner')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByText(/Up to date · synced/)).toBeVisible();
  expect(problems).toEqual([]);
});

test('a hostile corpus renders inertly as text, with zero CSP violations', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'hostile');
  const hostile = [
    { name: '<script>window.__pwned = 1</script>', username: '<img src=x onerror="window.__pwned = 2">', uri: 'javascript:window.__pwned = 3', password: 'p1' },
    { name: 'Data link', username: 'data', uri: 'data:text/html,<script>parent.__pwned = 4</script>', password: 'p2', description: '<b>bold?</b> <a href="javascript:alert(1)">click</a>' },
    { name: 'invoice\u202Egpj.exe', username: 'rtl\u2066user\u2069', uri: 'https://example.com/\u202Eevil', password: 'p3' },
    { name: 'pay\u200Bpal', username: 'zero\u200Dwidth\uFEFF', uri: 'https://paypal.example', password: 'p4' },
    { name: 'Long name placeholder', username: 'long', uri: null, password: 'p5' },
  ];
  const ids = await org.share(user.userId, hostile);
  // Names above the server's limit cannot be created through the API; a hostile or buggy server can still send
  // one, so the 50,000-character name goes straight into the server's database.
  const longName = `${'A very long name '.repeat(2941)}END`.slice(0, 50_000);
  const { openDatabase } = await import('../server/storage/database');
  const db = openDatabase(org.server.database.url);
  try {
    await db.db.updateTable('resources').set({ name: longName, modified: new Date().toISOString() }).where('id', '=', ids[4]!).execute();
  } finally {
    await db.close();
  }

  await page.goto(harness.entryUrl);
  await unlock(page);
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveCount(5);
  // Markup is text: the tags are visible characters, nothing ran.
  await expect(list.getByText('<script>window.__pwned = 1</script>')).toBeVisible();
  await expect(list.getByText('<img src=x onerror="window.__pwned = 2">')).toBeVisible();
  // Hidden direction and zero-width characters are shown as markers, so no name can pass for another.
  await expect(list.getByRole('option', { name: /invoice/ })).toContainText('invoiceRLOgpj.exe');
  await expect(list.getByRole('option', { name: /pay/ }).first()).toContainText('payZWSPpal');
  // The long name is cut on screen and in the DOM; the tooltip says how long it is.
  const long = list.getByRole('option', { name: /A very long name/ });
  await expect(long).toBeVisible();
  const title = await long.locator('bdi').first().getAttribute('title');
  expect(title).toContain('(50,000 characters)');
  expect(((await long.textContent()) ?? '').length).toBeLessThan(2_100);
  await snap(page, 'hostile');

  // Every item's detail: values as text, addresses never links.
  for (const name of [/script/, /invoice/, /Data link/]) {
    await list.getByRole('option', { name }).click();
    await expect(page.getByRole('region', { name: 'Details' }).getByRole('heading')).toBeVisible();
  }
  await page.getByRole('region', { name: 'Details' }).getByRole('button', { name: 'Reveal description' }).click();
  await expect(page.getByText('<b>bold?</b> <a href="javascript:alert(1)">click</a>')).toBeVisible();
  await list.getByRole('option', { name: /script/ }).click();
  await page.getByRole('region', { name: 'Details' }).getByRole('button', { name: 'Open website' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Only http and https addresses are opened in the browser.');
  expect(harness.opened).toEqual([]);

  expect(await page.evaluate(() => window.__pwned ?? null)).toBeNull();
  expect(await page.locator('a[href], iframe, object, embed, img').count()).toBe(0);
  expect(await page.locator('script').count()).toBe(1);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('two accounts: switch from the account menu, add another account', async ({ page, harness, org, problems }) => {
  const first = await userInProfile(org, harness, 'first', ['Grace', 'Hopper']);
  const second = await userInProfile(org, harness, 'second', ['Alan', 'Turing']);
  await org.share(first.userId, [{ name: 'Grace only', username: 'g', password: 'g-pass' }]);
  await org.share(second.userId, [{ name: 'Alan only', username: 'a', password: 'a-pass' }]);
  await page.goto(harness.entryUrl);
  await page.getByLabel('Account').selectOption({ label: `Grace Hopper — ${new URL(org.server.url).host}` });
  await unlock(page);
  await expect(page.getByRole('option', { name: /Grace only/ })).toBeVisible();

  await page.getByRole('button', { name: 'Account: Grace Hopper' }).click();
  const menu = page.getByRole('menu', { name: 'Account' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await menu.getByRole('menuitem', { name: /Alan Turing/ }).click();
  // Switching locks the open vault first; its rows are gone before the other one opens.
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByLabel('Account')).toHaveValue(second.accountId);
  expect(await page.content()).not.toContain('Grace only');
  await unlock(page);
  await expect(page.getByRole('option', { name: /Alan only/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /Grace only/ })).toHaveCount(0);

  // Add another account: the first-run choices, and a way back.
  await page.getByRole('button', { name: 'Account: Alan Turing' }).click();
  await page.getByRole('menuitem', { name: 'Add another account…' }).click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await page.getByRole('button', { name: /Join my organisation/ }).click();
  await expect(page.getByLabel('Invitation link')).toBeFocused();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.getByRole('button', { name: 'Back to unlock' }).click();
  await expect(page.getByRole('option', { name: /Alan only/ })).toBeVisible();
  expect(problems).toEqual([]);
});

test('the theme follows the system unless Settings choose one', async ({ page, harness, problems }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(harness.entryUrl);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();
  const dark = await background();
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  expect(light).not.toBe(dark);
  expect((await page.evaluate(() => window.tessera.settings.update({ theme: 'dark' }))).ok).toBe(true);
  await expect.poll(background).toBe(dark);
  expect((await page.evaluate(() => window.tessera.settings.update({ theme: 'system' }))).ok).toBe(true);
  await expect.poll(background).toBe(light);
  expect(problems).toEqual([]);
});
