// Administration in the window, against the real server: an administrator invites someone (the mail is captured
// from the server's queue), sends the invitation again, and the invitee joins from the link; disabling, enabling
// and deleting someone who alone owns an item and manages a group (the transfer step); the password and passphrase
// policies; and a non-administrator who sees no Administration and whose calls main refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { buildDesktopServices } from '../main/electron/desktop-services';
import { MemoryKeychain } from '../main/keychain/memory-keychain';
import { openDatabase } from '../server/storage/database';
import { startAppHarness } from './harness/app-harness';
import { expect, PASSPHRASE, snap, test, uniqueUser, unlock, userInProfile, violations, type Org } from './harness/fixtures';
import type { AppHarness } from './harness/app-harness';
import type { PageWindow } from './harness/page-types';

declare const window: PageWindow;

/** An administrator of the organisation set up in the harness's profile, locked. */
async function adminInProfile(org: Org, harness: AppHarness, name: [string, string] = ['Alan', 'Turing']) {
  const username = uniqueUser('admin');
  const joined = await harness.desktop.services.accounts.join(await org.server.createAdminLink(username, name[0], name[1]), PASSPHRASE);
  return { username, userId: joined.account.userId };
}

/** The setup links mailed to `username`, in no particular order (two mails may carry the same second). */
async function setupLinksMailedTo(org: Org, username: string): Promise<string[]> {
  const db = openDatabase(org.server.database.url);
  try {
    const rows = await db.db.selectFrom('mail_queue').select('body_text').where('recipient', '=', username).execute();
    return rows.flatMap((r) => /(http\S+\/setup\/start\/[0-9a-f-]{36}\/[0-9a-f-]{36})/i.exec(r.body_text)?.[1] ?? []);
  } finally {
    await db.close();
  }
}

async function openAdministration(page: Page) {
  await page.getByRole('button', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();
}

const rowOf = (page: Page, text: string) => page.getByRole('table', { name: 'People' }).getByRole('row').filter({ hasText: text });

test('an administrator invites someone, sends the invitation again, and the invitee joins from the mailed link', async ({ page, harness, org, browser, problems }) => {
  test.slow();
  const me = await adminInProfile(org, harness);
  await page.goto(harness.entryUrl);
  await unlock(page);
  await openAdministration(page);
  await expect(page.getByRole('tab', { name: 'Users' })).toHaveAttribute('aria-selected', 'true');
  await expect(rowOf(page, me.username)).toContainText('You');
  await expect(rowOf(page, 'ada@tessera.test')).toContainText('Administrator');
  await expect(rowOf(page, 'ada@tessera.test')).toContainText('Active');
  // The vault's search and list give way to the view; the filters are no longer the current place.
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Administration' })).toHaveAttribute('aria-current', 'page');

  const invitee = uniqueUser('invitee');
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite user' });
  await expect(dialog.getByLabel('Email')).toBeFocused();
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog.getByText('Enter their email address, e.g. name@example.com.')).toBeVisible();
  await expect(dialog.getByText('Enter their first name.')).toBeVisible();
  await dialog.getByLabel('Email').fill(invitee);
  await dialog.getByLabel('First name').fill('Grace');
  await dialog.getByLabel('Last name').fill('Hopper');
  await expect(dialog.getByLabel('Role')).toHaveValue('user');
  await snap(page, 'admin-invite');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toast')).toContainText(`Invitation sent to ${invitee}`);
  await expect(rowOf(page, invitee)).toContainText('Invited');
  await expect(rowOf(page, invitee)).toContainText('User');
  const [first] = await setupLinksMailedTo(org, invitee);
  expect(first).toMatch(/\/setup\/start\//);

  // Filtering narrows the list; Escape clears the filter.
  const filter = page.getByRole('searchbox', { name: 'Filter people' });
  await filter.fill('grace');
  await expect(rowOf(page, invitee)).toBeVisible();
  await expect(rowOf(page, 'ada@tessera.test')).toHaveCount(0);
  await snap(page, 'admin-users');
  await filter.press('Escape');
  await expect(rowOf(page, 'ada@tessera.test')).toBeVisible();

  // Sending again mails a second, fresh link.
  await rowOf(page, invitee).getByRole('button', { name: 'Resend invitation to Grace Hopper' }).click();
  await expect(page.getByTestId('toast')).toContainText(`Invitation sent again to ${invitee}`);
  const links = await setupLinksMailedTo(org, invitee);
  expect(links).toHaveLength(2);
  const fresh = links.find((l) => l !== first) as string;
  expect(fresh).toMatch(/\/setup\/start\//);

  // The invitee joins from the link in their own window.
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const theirs = await startAppHarness(context, { checker: org.checker });
  try {
    const other = await context.newPage();
    await other.goto(theirs.entryUrl);
    await other.getByRole('button', { name: /Join my organisation/ }).click();
    await other.getByLabel('Invitation link').fill(fresh);
    await other.getByRole('button', { name: 'Continue' }).click();
    await other.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE);
    await other.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
    await expect(other.getByRole('button', { name: 'Join', exact: true })).toBeEnabled();
    await other.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(other.getByRole('heading', { name: 'Save your recovery kit' })).toBeVisible({ timeout: 20_000 });
  } finally {
    await context.close();
    await theirs.close();
  }

  // After a refresh (a sync), the invitation shows as accepted and there is nothing to send again.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(rowOf(page, invitee)).toContainText('Active');
  await expect(rowOf(page, invitee).getByRole('button', { name: /Resend invitation/ })).toHaveCount(0);

  // A filter takes the window back to the vault.
  await page.getByRole('button', { name: 'All items' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('disable and enable someone; deleting them hands what they alone own and manage to someone else', async ({ page, harness, org, problems }) => {
  test.slow();
  const me = await adminInProfile(org, harness, ['Edsger', 'Dijkstra']);
  // Linus, on his own computer, owns an item shared with the administrator and Ada, and alone manages a group.
  const linusName = uniqueUser('linus');
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-e2e-linus-'));
  const linus = buildDesktopServices({ userDataDir: dir, keychain: new MemoryKeychain(), checker: org.checker, poolSize: 1, events: { publish: () => undefined } });
  const item = `Deploy key ${Date.now().toString(36)}`;
  const group = `Ops ${Date.now().toString(36)}`;
  let itemId: string;
  try {
    const joined = await linus.accounts.join(await org.invite(linusName, 'Linus', 'Torvalds'), PASSPHRASE);
    await linus.session.unlock(joined.account.id, PASSPHRASE);
    await linus.sync.sync();
    ({ id: itemId } = await linus.vault.create({ name: item, username: 'deploy', uri: null, description: null, password: 'deploy-canary-1' }));
    await linus.share.apply(itemId, [
      { action: 'add', aro: 'User', aroId: me.userId, type: 1 },
      { action: 'add', aro: 'User', aroId: org.adminUserId, type: 1 },
    ]);
    await org.admin.sync.sync();
    await org.admin.groups.create(group, [{ userId: joined.account.userId, isManager: true }, { userId: org.adminUserId, isManager: false }]);
  } finally {
    await linus.dispose();
    rmSync(dir, { recursive: true, force: true });
  }

  await page.goto(harness.entryUrl);
  await unlock(page);
  await openAdministration(page);
  const row = rowOf(page, linusName);
  await expect(row).toContainText('Active');

  await row.getByRole('button', { name: 'Disable Linus Torvalds' }).click();
  const confirm = page.getByRole('dialog', { name: 'Disable this person?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: 'Disable Linus Torvalds' }).click();
  await confirm.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await row.getByRole('button', { name: 'Enable Linus Torvalds' }).click();
  await expect(row).toContainText('Active');

  await row.getByRole('button', { name: 'Delete Linus Torvalds' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete user?' });
  const transfer = remove.getByTestId('delete-transfer');
  await expect(transfer).toBeVisible();
  const newOwner = transfer.getByLabel(`New owner of ${item}`);
  await expect(newOwner.locator('option')).toHaveCount(2);
  expect((await newOwner.locator('option').allTextContents()).sort()).toEqual(['Ada Lovelace', 'Edsger Dijkstra']);
  await newOwner.selectOption({ label: 'Ada Lovelace' });
  await expect(transfer.getByLabel(`New manager of ${group}`).locator('option')).toHaveText(['Ada Lovelace']);
  await snap(page, 'admin-delete-transfer');
  await remove.getByRole('button', { name: 'Transfer and delete' }).click();
  await expect(remove).toBeHidden();
  await expect(page.getByTestId('toast')).toContainText('Linus Torvalds was deleted');
  await expect(rowOf(page, linusName)).toHaveCount(0);

  // Ada owns the item now, and manages the group.
  await org.admin.sync.sync();
  const permissions = await org.admin.share.permissions(itemId);
  expect(permissions.find((p) => p.aro === 'User' && p.aroId === org.adminUserId)?.type).toBe(15);
  expect(org.admin.groups.list().find((g) => g.name === group)).toBeDefined();
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the password generator\'s defaults and the passphrase policy, saved for the organisation', async ({ page, harness, org, problems }) => {
  const before = await org.admin.admin.passwordPolicy();
  const beforePassphrase = await org.admin.admin.passphrasePolicy();
  await adminInProfile(org, harness, ['Barbara', 'Liskov']);
  try {
    await page.goto(harness.entryUrl);
    await unlock(page);
    await openAdministration(page);
    // Arrow keys move between the tabs.
    await page.getByRole('tab', { name: 'Users' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Password policy' })).toBeFocused();
    await expect(page.getByRole('tab', { name: 'Password policy' })).toHaveAttribute('aria-selected', 'true');

    const form = page.getByRole('form', { name: 'Password policy' });
    const save = form.getByRole('button', { name: 'Save password policy' });
    await expect(form.getByLabel('Length')).toHaveValue('18');
    await expect(save).toBeDisabled();
    await form.getByLabel('Length').fill('24');
    await expect(form.getByTestId('policy-strength')).toContainText('bits of entropy');
    for (const name of ['Uppercase letters', 'Lowercase letters', 'Digits', 'Symbols']) await form.getByLabel(name).uncheck();
    await expect(form.getByText('Choose at least one kind of character.')).toBeVisible();
    await expect(save).toBeDisabled();
    await form.getByLabel('Lowercase letters').check();
    await form.getByLabel('Digits').check();
    await snap(page, 'admin-password-policy');
    await save.click();
    await expect(page.getByTestId('toast')).toContainText('Password policy saved');
    expect((await org.admin.admin.passwordPolicy()).password_generator_settings).toMatchObject({ length: 24, mask_upper: false, mask_lower: true, mask_digit: true });

    await page.getByRole('tab', { name: 'Passphrase policy' }).click();
    const passphrase = page.getByRole('form', { name: 'Passphrase policy' });
    await expect(passphrase.getByTestId('entropy-minimum')).toHaveText('50 bits · Very weak');
    await expect(passphrase.getByText('Tessera recommends requiring at least 80 bits.')).toBeVisible();
    await passphrase.getByLabel('Required minimum').fill('90');
    await expect(passphrase.getByTestId('entropy-minimum')).toHaveText('90 bits · Fair');
    await expect(passphrase.getByText('Tessera recommends requiring at least 80 bits.')).toHaveCount(0);
    await passphrase.getByRole('switch', { name: 'Check new passphrases against known data breaches' }).uncheck();
    await expect(page.getByTestId('toast')).toBeHidden({ timeout: 10_000 });
    await snap(page, 'admin-passphrase-policy');
    await passphrase.getByRole('button', { name: 'Save passphrase policy' }).click();
    await expect(page.getByTestId('toast')).toContainText('Passphrase policy saved');
    expect(await org.admin.admin.passphrasePolicy()).toEqual({ entropyMinimum: 90, externalDictionaryCheck: false });
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await org.admin.admin.setPasswordPolicy(before);
    await org.admin.admin.setPassphrasePolicy(beforePassphrase);
  }
});

test('a non-administrator sees no Administration, and main refuses the calls made from the page', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'plain');
  await page.goto(harness.entryUrl);
  await unlock(page);
  await expect(page.getByRole('button', { name: 'All items' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Administration' })).toHaveCount(0);
  const refusals = await page.evaluate(async (userId) => {
    const t = window.tessera;
    const results = await Promise.all([
      t.admin.invite({ username: 'eve@tessera.test', firstName: 'Eve', lastName: 'Intruder', role: 'admin' }),
      t.admin.resendInvitation({ userId }),
      t.admin.setDisabled({ userId, disabled: true }),
      t.admin.planDelete({ userId }),
      t.admin.passwordPolicy(),
      t.admin.setPassphrasePolicy({ entropyMinimum: 50, externalDictionaryCheck: false }),
    ]);
    return results.map((r) => (r.ok ? 'allowed' : r.error.code));
  }, user.userId);
  expect(refusals).toEqual(Array(6).fill('PERMISSION_DENIED'));
  // Nothing was created or changed.
  await org.admin.sync.sync();
  expect([...org.admin.session.current().users.values()].some((u) => u.username === 'eve@tessera.test')).toBe(false);
  expect(await org.admin.admin.passphrasePolicy()).toMatchObject({ externalDictionaryCheck: true });
  expect(problems).toEqual([]);
});
