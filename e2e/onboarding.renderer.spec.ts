// First run end to end: joining from an invitation (the link captured from the server's mail queue), the
// passphrase meter against the organisation's policy and a breach list, saving the recovery kit through the save
// dialog port, and signing in with that kit on a second profile.
import { readFile } from 'node:fs/promises';
import { startAppHarness } from './harness/app-harness';
import { expect, LEAKED_PASSPHRASE, PASSPHRASE, snap, test, uniqueUser, violations } from './harness/fixtures';

test('join from an invitation, save the kit, then sign in with it on a second profile', async ({ page, harness, org, browser, problems }) => {
  test.slow();
  const username = uniqueUser('join');
  const link = await org.invite(username, 'Katherine', 'Johnson');
  expect(link).toMatch(/\/setup\/start\//);

  await page.goto(harness.entryUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Tessera' })).toBeVisible();
  await snap(page, 'first-run');
  await page.getByRole('button', { name: /Join my organisation/ }).click();

  // A link that is not an invitation is refused with a sentence.
  await page.getByLabel('Invitation link').fill('https://example.invalid/nothing-here');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).not.toContainText(/[A-Z]{4,}_[A-Z]+/);

  await page.getByLabel('Invitation link').fill(link);
  await page.getByRole('button', { name: 'Continue' }).click();
  const invitation = page.getByRole('definition').filter({ hasText: username });
  await expect(invitation).toContainText('Katherine Johnson');
  await expect(page.getByTestId('server-fingerprint')).toHaveText(/^[0-9A-F]{4}( [0-9A-F]{4}){9}$/);
  await expect(page.getByText(org.server.url)).toBeVisible();

  const passphrase = page.getByLabel('New passphrase', { exact: true });
  const confirm = page.getByLabel('Confirm passphrase', { exact: true });
  const join = page.getByRole('button', { name: 'Join', exact: true });
  const verdict = page.getByTestId('passphrase-verdict');

  // Too little entropy: blocked, with the organisation's minimum.
  await passphrase.fill('short');
  await expect(verdict).toHaveText(/of 50 bits your organisation requires/);
  await expect(join).toBeDisabled();
  // In a breach list: blocked, whatever its entropy.
  await passphrase.fill(LEAKED_PASSPHRASE);
  await expect(page.getByText('Found in 42 known data breaches.')).toBeVisible();
  await expect(join).toBeDisabled();
  await snap(page, 'join-passphrase');
  // A good one, confirmed.
  await passphrase.fill(PASSPHRASE);
  await expect(page.getByText('Not found in known data breaches.')).toBeVisible();
  await confirm.fill(`${PASSPHRASE}!`);
  await expect(page.getByText('The two passphrases are not the same yet.')).toBeVisible();
  await confirm.fill(PASSPHRASE);
  await expect(join).toBeEnabled();
  await join.click();

  await expect(page.getByRole('heading', { name: 'Save your recovery kit' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Save recovery kit…' }).click();
  await expect(page.getByTestId('kit-saved')).toContainText(harness.files.dir);
  const [saved] = harness.files.saved;
  expect(saved?.name).toMatch(/^tessera-recovery-kit-join\..+\.asc$/);
  const kit = await readFile(saved!.path, 'utf8');
  expect(kit).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
  await snap(page, 'join-kit');
  await page.getByRole('button', { name: 'Open my vault' }).click();
  await expect(page.getByText('No items yet. Create one, or ask a colleague to share one with you.')).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);

  // The kit on a second computer: a new profile, the key file picked in the window and read there as text.
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const second = await startAppHarness(context, { checker: org.checker });
  try {
    const other = await context.newPage();
    await other.goto(second.entryUrl);
    await other.getByRole('button', { name: /Sign in with a recovery kit/ }).click();
    await other.getByLabel('Server address').fill(org.server.url);
    await other.getByLabel('Recovery kit').setInputFiles(saved!.path);
    await other.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase for this key');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('alert')).toHaveText('That passphrase did not unlock this account. Check it and try again.');
    await other.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('searchbox', { name: 'Search' })).toBeFocused({ timeout: 20_000 });
    await expect(other.getByRole('button', { name: /Account: Katherine Johnson/ })).toBeVisible();
    expect(second.desktop.services.registry.list().map((a) => a.username)).toEqual([username]);
  } finally {
    await context.close();
    await second.close();
  }
});
