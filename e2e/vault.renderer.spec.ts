// The vault window end to end: real services, real server, the built renderer in Chromium.
import { expect, PASSPHRASE, snap, test, unlock, userInProfile, violations } from './harness/fixtures';

test('unlock: a wrong passphrase is a sentence, the right one opens the vault with the search focused', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'unlock');
  await org.share(user.userId, [
    { name: 'GitHub', username: 'grace@tessera.test', uri: 'https://github.com', password: 'gh-S3cret!' },
    { name: 'AWS root', username: 'root', uri: 'https://aws.amazon.com', password: 'aws-pass-1' },
  ]);
  await page.goto(harness.entryUrl);
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByLabel('Remember for')).toBeVisible();
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
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
