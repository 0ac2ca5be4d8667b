// The Groups view end to end, with colleagues on desks of their own against one real server: an administrator
// creates, renames and deletes groups; managers add and remove members and make managers, and a member who is not
// a manager reads only; adding a member to a group that reaches 500 items encrypts each for them with progress,
// can be cancelled leaving the server unchanged, and the member then has the items.
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { DesktopServices } from '../main/electron/desktop-services';
import { openDesk, type Desk } from './harness/desks';
import { expect, PASSPHRASE, screenshotsDir, snap, test, uniqueUser, unlock, userInProfile, violations, type Org } from './harness/fixtures';
import type { AppHarness } from './harness/app-harness';

/** A new administrator whose account is set up (locked) in the harness's profile. */
async function adminInProfile(org: Org, harness: AppHarness, name: [string, string]) {
  const username = uniqueUser('admin');
  await org.admin.admin.invite({ username, firstName: name[0], lastName: name[1], role: 'admin' });
  const joined = await harness.desktop.services.accounts.join(await org.server.invitationLink(username), PASSPHRASE);
  return { username, userId: joined.account.userId };
}

/** Items created by the signed-in user and shared with the group, a few at a time (each is a few requests). */
async function seedGroupItems(services: DesktopServices, groupId: string, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { id } = await services.vault.create({ name: `Ops ${String(i).padStart(3, '0')}`, username: null, uri: null, description: null, password: `ops-${i}` });
      await services.share.apply(id, [{ action: 'add', aro: 'Group', aroId: groupId, type: 1 }]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function openGroups(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Filters' }).getByRole('button', { name: 'Groups', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();
}

test('administrators create, rename and delete groups; managers change members; members read', async ({ page, harness, org, browser, problems }) => {
  test.setTimeout(90_000);
  const desks: Desk[] = [];
  try {
    const bobDesk = await openDesk(browser, org);
    desks.push(bobDesk);
    const bob = await userInProfile(org, bobDesk.harness, 'bob', ['Bob', 'Builder']);
    const rita = await adminInProfile(org, harness, ['Rita', 'Root']);
    // Two groups exist already: one Rita manages with Bob in it, one she is a member of.
    const stamp = Date.now().toString(36);
    await org.admin.sync.sync();
    await org.admin.groups.create(`Security ${stamp}`, [{ userId: rita.userId, isManager: true }, { userId: bob.userId, isManager: false }]);
    await org.admin.groups.create(`Support ${stamp}`, [{ userId: org.adminUserId, isManager: true }, { userId: rita.userId, isManager: false }]);
    await page.goto(harness.entryUrl);
    await unlock(page);
    await openGroups(page);

    // Create: a name and the first members; the creator starts as its manager.
    const name = `Design ${stamp}`;
    await page.getByRole('button', { name: 'New group' }).click();
    const create = page.getByRole('dialog', { name: 'New group' });
    await expect(create.getByLabel('Group name')).toBeFocused();
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(create.getByText('Give the group a name.')).toBeVisible();
    await create.getByLabel('Group name').fill(name);
    const add = create.getByRole('combobox', { name: 'Add a member' });
    await add.fill(bob.username);
    await expect(create.getByRole('option')).toHaveCount(1);
    await add.press('Enter');
    const draft = create.getByRole('list', { name: 'New members' });
    await expect(draft.getByRole('listitem')).toHaveCount(2);
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(create).toHaveCount(0);

    const groups = page.getByRole('list', { name: 'All groups' });
    const item = groups.getByRole('button', { name: new RegExp(name) });
    await expect(item).toHaveAttribute('aria-current', 'true');
    await expect(item).toContainText('2 members');
    await expect(item).toContainText('Manager');
    // The sidebar's vault filters list the new group too.
    await expect(page.getByRole('navigation', { name: 'Filters' }).getByRole('list', { name: 'Groups' })).toContainText(name);

    // Members: make Bob a manager and back; removing the last manager is refused in words.
    const members = page.getByRole('list', { name: 'Members' });
    await expect(members.getByRole('listitem')).toHaveCount(2);
    const bobRole = members.getByRole('combobox', { name: 'Role of Bob Builder' });
    await expect(bobRole).toHaveValue('member');
    await bobRole.selectOption({ label: 'Manager' });
    await expect(bobRole).toBeEnabled();
    await expect(bobRole).toHaveValue('manager');
    await bobRole.selectOption({ label: 'Member' });
    await expect(bobRole).toBeEnabled();
    await expect(bobRole).toHaveValue('member');
    await members.getByRole('combobox', { name: 'Role of Rita Root' }).selectOption({ label: 'Member' });
    await expect(page.getByTestId('group-error')).toHaveText('A group needs at least one manager. Make someone else a manager first.');
    await expect(members.getByRole('combobox', { name: 'Role of Rita Root' })).toHaveValue('manager');
    await snap(page, 'group-members');

    // Bob, a member but not a manager, reads the group; he cannot create groups.
    await bobDesk.page.goto(bobDesk.harness.entryUrl);
    await unlock(bobDesk.page);
    await openGroups(bobDesk.page);
    const bobGroups = bobDesk.page.getByRole('list', { name: 'All groups' });
    await bobGroups.getByRole('button', { name: new RegExp(name) }).click();
    await expect(bobGroups.getByRole('button', { name: new RegExp(name) })).toContainText('Member');
    await expect(bobDesk.page.getByText('Only this group\'s managers can change its members.')).toBeVisible();
    await expect(bobDesk.page.getByRole('combobox', { name: 'Add a member' })).toHaveCount(0);
    await expect(bobDesk.page.getByRole('button', { name: 'New group' })).toHaveCount(0);
    await expect(bobDesk.page.getByRole('button', { name: 'Rename' })).toHaveCount(0);
    await expect(bobDesk.page.getByRole('list', { name: 'Members' }).getByRole('button', { name: /Remove/ })).toHaveCount(0);
    await expect(bobDesk.page.getByRole('list', { name: 'Members' }).getByRole('listitem', { name: 'Rita Root' })).toContainText('Manager');

    // Remove Bob (confirmed), then rename the group.
    await members.getByRole('button', { name: 'Remove Bob Builder from the group' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove member?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(members.getByRole('listitem')).toHaveCount(1);
    await page.getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename group' });
    await rename.getByLabel('Group name').fill(`${name} (new)`);
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename).toHaveCount(0);
    await expect(groups.getByRole('button', { name: new RegExp(`${name} \\(new\\)`) })).toContainText('1 member');
    await snap(page, 'groups-list');

    // A member's profile opens from the list: Rita's own key.
    await members.getByRole('button', { name: 'Rita Root', exact: true }).click();
    const profile = page.getByRole('dialog', { name: 'Profile' });
    await expect(profile.getByTestId('key-status')).toHaveText('Your own key');
    await expect(profile.getByText(rita.username)).toBeVisible();
    await profile.press('Escape');

    // Delete, confirmed.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const remove = page.getByRole('dialog', { name: 'Delete group?' });
    await remove.getByRole('button', { name: 'Delete group' }).click();
    await expect(remove).toHaveCount(0);
    await expect(groups.getByRole('button', { name: new RegExp(name) })).toHaveCount(0);

    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    for (const desk of desks) await desk.close();
  }
});

test('adding a member to a group that reaches 500 items: progress, cancel, then the member has them', async ({ page, harness, org, browser, problems }) => {
  test.setTimeout(120_000);
  const desks: Desk[] = [];
  try {
    const bobDesk = await openDesk(browser, org);
    desks.push(bobDesk);
    const bob = await userInProfile(org, bobDesk.harness, 'bob', ['Bob', 'Builder']);
    const grace = await userInProfile(org, harness, 'grace', ['Grace', 'Hopper']);
    await org.admin.sync.sync();
    const name = `Operations ${Date.now().toString(36)}`;
    const group = await org.admin.groups.create(name, [{ userId: grace.userId, isManager: true }]);
    // Grace's computer makes the 500 items before her window opens (nothing to redraw a thousand times meanwhile).
    const services = harness.desktop.services;
    await services.session.unlock(grace.accountId, PASSPHRASE);
    await services.sync.sync();
    await seedGroupItems(services, group.id, 500);
    services.session.lock();
    await harness.settled();
    await page.goto(harness.entryUrl);
    await unlock(page);
    await expect(page.getByRole('heading', { name: /All items/ })).toContainText('500');

    await openGroups(page);
    const members = page.getByRole('list', { name: 'Members' });
    await expect(members.getByRole('listitem')).toHaveCount(1);
    const add = page.getByRole('combobox', { name: 'Add a member' });
    const progress = page.getByTestId('bulk-progress');
    const matches = page.getByRole('listbox', { name: /Add a member/ });

    // Twice: start adding Bob, catch the progress (one screenshot per theme), cancel; nothing changes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await add.fill(bob.username);
      await expect(matches.getByRole('option')).toHaveCount(1);
      await add.press('Enter');
      await expect(progress).toContainText(/[1-9]\d* of 500 items encrypted/, { timeout: 30_000 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(screenshotsDir, `group-progress-${colorScheme}.png`), animations: 'disabled', caret: 'hide' });
      await progress.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Cancelled.' })).toHaveText('Cancelled. Bob Builder was not added; nothing changed on the server.');
      await expect(progress).toHaveCount(0);
      await expect(members.getByRole('listitem')).toHaveCount(1);
    }
    await page.emulateMedia({ colorScheme: null });

    // Then to the end: every item is encrypted for Bob.
    await add.fill(bob.username);
    await expect(matches.getByRole('option')).toHaveCount(1);
    await add.press('Enter');
    await expect(progress).toBeVisible();
    await expect(page.getByTestId('toast')).toContainText(`Bob Builder joined ${name}`, { timeout: 30_000 });
    await expect(page.getByTestId('toast')).toContainText('500 items encrypted for them');
    await expect(members.getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('list', { name: 'All groups' }).getByRole('button', { name: new RegExp(name) })).toContainText('2 members');

    // Bob has the 500 items.
    await bobDesk.page.goto(bobDesk.harness.entryUrl);
    await unlock(bobDesk.page);
    await expect(bobDesk.page.getByRole('heading', { name: /All items/ })).toContainText('500');

    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    for (const desk of desks) await desk.close();
  }
});
