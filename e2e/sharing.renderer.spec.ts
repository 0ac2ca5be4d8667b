// Sharing through the window, with colleagues on desks of their own (separate browser contexts, each with its own
// main side) against one real server: share an item with a person and with a group after reading who gains access,
// see it arrive on their desks after a sync, verify a new key and see its warning go, be refused removing the last
// owner, revoke and see the item leave, a reader's read-only view, and a changed key refused until accepted.
import type { Page } from '@playwright/test';
import { openDesk, type Desk } from './harness/desks';
import { expect, snap, test, unlock, userInProfile, violations } from './harness/fixtures';

async function syncNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/Up to date/)).toBeVisible();
}

test('share with a person and a group, verify a key, the last owner, revoke, a reader\'s view, and a changed key', async ({ page, harness, org, browser, problems }) => {
  test.setTimeout(120_000);
  const desks: Desk[] = [];
  try {
    // Bob and Carol join on their own desks; Carol is in a group the administrator manages.
    const bobDesk = await openDesk(browser, org);
    desks.push(bobDesk);
    const bob = await userInProfile(org, bobDesk.harness, 'bob', ['Bob', 'Builder']);
    const carolDesk = await openDesk(browser, org);
    desks.push(carolDesk);
    const carol = await userInProfile(org, carolDesk.harness, 'carol', ['Carol', 'Shaw']);
    await org.admin.sync.sync();
    const groupName = `Platform ${Date.now().toString(36)}`;
    await org.admin.groups.create(groupName, [{ userId: org.adminUserId, isManager: true }, { userId: carol.userId, isManager: false }]);

    // Grace owns an item. Her computer sees Bob's key for the first time when she unlocks.
    await userInProfile(org, harness, 'grace', ['Grace', 'Hopper']);
    await page.goto(harness.entryUrl);
    await unlock(page);
    await harness.desktop.services.vault.create({ name: 'Deploy keys', username: 'deploy', uri: null, description: null, password: 'dk-Secret-1' });
    const list = page.getByRole('listbox', { name: /All items/ });
    await list.getByRole('option', { name: /Deploy keys/ }).click();
    const detail = page.getByRole('region', { name: 'Details' });
    await expect(detail.getByRole('heading', { name: 'Deploy keys' })).toBeVisible();

    // The shortcut opens the share dialog on the selected item; the search has the focus.
    await list.focus();
    await page.keyboard.press('Control+Shift+S');
    const dialog = page.getByRole('dialog', { name: 'Share' });
    const search = dialog.getByRole('combobox', { name: 'Add people or groups' });
    await expect(search).toBeFocused();
    const rows = dialog.getByRole('list', { name: 'Who has access' });
    await expect(rows.getByRole('listitem')).toHaveCount(1);
    await expect(rows.getByRole('combobox', { name: /Role of Grace Hopper/ })).toHaveValue('15');

    // Search by email, arrow to the match, Enter adds. Bob's key: fingerprint, not verified, seen less than a day ago.
    await search.fill(bob.username);
    const matches = dialog.getByRole('listbox', { name: /matches/ });
    await expect(matches.getByRole('option')).toHaveCount(1);
    await expect(matches.getByRole('option').first()).toContainText('Not verified');
    await expect(matches.getByTestId('fingerprint')).toHaveText(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    await search.press('ArrowDown');
    await search.press('Enter');
    await expect(search).toHaveValue('');
    const bobRow = rows.getByRole('listitem', { name: 'Bob Builder' });
    await expect(bobRow).toContainText('New');
    await expect(bobRow.getByTestId('key-warning')).toContainText('less than a day ago');
    await bobRow.getByRole('combobox', { name: 'Role of Bob Builder' }).selectOption({ label: 'Can update' });

    // The group, by name.
    await search.fill(groupName);
    await expect(matches.getByRole('option')).toHaveCount(1);
    await expect(matches.getByRole('option').first()).toContainText('2 members');
    await search.press('Enter');
    await expect(rows.getByRole('listitem', { name: groupName })).toBeVisible();
    await snap(page, 'share-dialog');
    // Escape in the search clears it instead of closing the dialog.
    await search.fill('zz');
    await search.press('Escape');
    await expect(dialog).toBeVisible();

    // Review: the server's dry run names who gains access (Bob, and the group's members).
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    const summary = dialog.getByTestId('share-summary');
    const gains = summary.getByRole('list', { name: /Gains access/ }).getByRole('listitem');
    await expect(gains).toHaveCount(3);
    for (const name of ['Ada Lovelace', 'Bob Builder', 'Carol Shaw']) await expect(gains.filter({ hasText: name })).toHaveCount(1);
    // Keys this computer first saw less than a day ago and nobody verified: named before anything is sent.
    const doubt = summary.getByTestId('summary-key-notice');
    await expect(doubt).toContainText('Tessera first saw this key less than a day ago');
    await expect(doubt).toContainText('Bob Builder');
    await expect(dialog.getByRole('button', { name: 'Apply changes' })).toBeFocused();
    await snap(page, 'share-summary');
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('toast')).toContainText('Access to Deploy keys updated');
    const access = detail.getByRole('list', { name: 'Who has access' });
    await expect(access).toContainText('can update');
    await expect(access).toContainText(groupName);

    // Bob and Carol see the item after a sync. Bob can update it but not share it: his view is read-only.
    await bobDesk.page.goto(bobDesk.harness.entryUrl);
    await unlock(bobDesk.page);
    await expect(bobDesk.page.getByRole('option', { name: /Deploy keys/ })).toBeVisible();
    await carolDesk.page.goto(carolDesk.harness.entryUrl);
    await unlock(carolDesk.page);
    await expect(carolDesk.page.getByRole('option', { name: /Deploy keys/ })).toBeVisible();
    await bobDesk.page.getByRole('option', { name: /Deploy keys/ }).click();
    await bobDesk.page.getByRole('region', { name: 'Details' }).getByRole('button', { name: 'Access' }).click();
    const readOnly = bobDesk.page.getByRole('dialog', { name: 'Who has access' });
    await expect(readOnly.getByText('Only an owner of this item can change who has access to it.')).toBeVisible();
    await expect(readOnly.getByRole('combobox')).toHaveCount(0);
    await expect(readOnly.getByRole('list', { name: 'Who has access' }).getByRole('listitem')).toHaveCount(3);
    await readOnly.press('Escape');
    await expect(readOnly).toHaveCount(0);

    // Grace verifies Bob's key from his profile: the explanation, the fingerprint, then no more warning.
    await detail.getByRole('button', { name: 'Share' }).click();
    await expect(dialog).toBeVisible();
    await rows.getByRole('listitem', { name: 'Bob Builder' }).getByRole('button', { name: 'Bob Builder', exact: true }).click();
    const profile = page.getByRole('dialog', { name: 'Profile' });
    await expect(profile.getByText(bob.username)).toBeVisible();
    await expect(profile.getByTestId('key-status')).toHaveText('Not verified');
    await expect(profile.getByTestId('key-warning')).toBeVisible();
    await expect(profile.getByText(/compare every group with the one above/)).toBeVisible();
    await expect(profile.getByText(/^First seen$/)).toBeVisible();
    await snap(page, 'user-profile');
    await profile.getByRole('button', { name: 'Mark as verified' }).click();
    await expect(profile.getByTestId('key-status')).toHaveText('Verified');
    await expect(profile.getByTestId('key-warning')).toHaveCount(0);
    await expect(profile.getByRole('button', { name: 'Mark as verified' })).toHaveCount(0);
    await snap(page, 'user-profile-verified');
    await profile.press('Escape');
    await expect(profile).toHaveCount(0);
    await expect(dialog).toBeVisible();
    await expect(rows.getByRole('listitem', { name: 'Bob Builder' }).getByTestId('key-warning')).toHaveCount(0);
    await expect(rows.getByRole('listitem', { name: 'Bob Builder' })).toContainText('Verified');

    // Grace is the only owner: making herself a reader is refused by the server, in words.
    await rows.getByRole('combobox', { name: /Role of Grace Hopper/ }).selectOption({ label: 'Can read' });
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('You would remove the last owner. Every item needs at least one owner: make someone else an owner first.');
    await rows.getByRole('combobox', { name: /Role of Grace Hopper/ }).selectOption({ label: 'Owner' });
    await expect(dialog.getByRole('alert')).toHaveCount(0);

    // Revoke Bob: the summary says he loses access; after a sync the item leaves his list.
    await rows.getByRole('button', { name: 'Remove Bob Builder' }).click();
    await expect(rows.getByRole('listitem', { name: 'Bob Builder' })).toContainText('Loses access');
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    await expect(summary.getByRole('list', { name: /Loses access/ }).getByRole('listitem')).toHaveText(['Bob Builder']);
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(access).not.toContainText('Bob Builder');
    await syncNow(bobDesk.page);
    await expect(bobDesk.page.getByRole('option', { name: /Deploy keys/ })).toHaveCount(0);
    await syncNow(carolDesk.page);
    await expect(carolDesk.page.getByRole('option', { name: /Deploy keys/ })).toBeVisible();

    // Bob's key changes (as Grace's computer sees it): sharing with him is refused in main's words until she has
    // compared the new fingerprint with him and accepted it.
    harness.desktop.services.session.current().trust.acceptUserKey(bob.userId, 'E'.repeat(40));
    await detail.getByRole('button', { name: 'Share' }).click();
    await search.fill(bob.username);
    await expect(matches.getByRole('option')).toHaveCount(1);
    await search.press('Enter');
    const changed = rows.getByRole('listitem', { name: 'Bob Builder' });
    await expect(changed).toContainText('Key changed');
    await expect(changed.getByTestId('key-refusal')).toContainText('Tessera refuses to share with this key until you accept it.');
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(dialog.getByTestId('share-error')).toContainText('changed since Tessera first saw it, so nothing was shared with them');
    await expect(dialog.getByTestId('share-error')).toContainText('EEEE EEEE');
    await dialog.getByRole('button', { name: 'Back' }).click();
    await changed.getByRole('button', { name: 'Bob Builder', exact: true }).click();
    await expect(profile.getByTestId('key-status')).toHaveText('Key changed');
    await expect(profile.getByText('First seen key')).toBeVisible();
    await snap(page, 'user-profile-key-changed');
    await profile.getByRole('button', { name: 'Accept new key' }).click();
    await expect(profile.getByTestId('key-status')).toHaveText('Verified');
    await profile.press('Escape');
    await expect(changed.getByTestId('key-refusal')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(access).toContainText('Bob Builder');

    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    for (const desk of desks) await desk.close();
  }
});
