// The list at scale: 20,000 items, seeded straight into the server's storage (20,000 API calls would take
// minutes), synced by the real services. The window must hold a screenful of rows, ask main for small windows
// around the viewport only, and still reach the last item and find one by search at once.
import { readKey } from 'openpgp';
import { encryptFor } from '../bench/server/fixtures';
import { seedResources } from '../bench/server/seed';
import { openDatabase } from '../server/storage/database';
import { expect, test, unlock, userInProfile, violations } from './harness/fixtures';

const COUNT = 20_000;

test('20,000 items: a virtualised list fed by small windows, End and search reach any of them', async ({ page, harness, org, problems }) => {
  test.slow();
  const user = await userInProfile(org, harness, 'scale');
  const db = openDatabase(org.server.database.url);
  try {
    const key = await db.db.selectFrom('gpgkeys').select('armored_key').where('user_id', '=', user.userId).executeTakeFirstOrThrow();
    const secret = await encryptFor(await readKey({ armoredKey: key.armored_key }), JSON.stringify({ password: 'bulk-secret' }));
    // Owned by the test user alone, so no other test's vault grows.
    await seedResources(db.db, { count: COUNT, ownerId: user.userId, secretFor: new Map([[user.userId, secret]]), grants: [], namePrefix: 'bulk' });
  } finally {
    await db.close();
  }

  await page.goto(harness.entryUrl);
  await unlock(page);
  const list = page.getByRole('listbox');
  await expect(page.getByRole('heading', { name: /All items/ })).toContainText('20,000', { timeout: 60_000 });
  await expect(list.getByRole('option').first()).toContainText('bulk-000000');
  // Only the rows near the viewport exist in the page.
  expect(await list.getByRole('option').count()).toBeLessThan(60);

  await list.focus();
  await list.press('End');
  await expect(list.getByRole('option', { name: /bulk-019999/ })).toHaveAttribute('aria-selected', 'true');
  await expect(list.getByRole('option', { name: /bulk-019999/ })).toHaveAttribute('aria-posinset', String(COUNT));
  await expect(page.getByRole('region', { name: 'Details' }).getByRole('heading', { name: 'bulk-019999' })).toBeVisible();
  await list.press('PageUp');
  await expect(list.getByRole('option', { selected: true })).not.toContainText('bulk-019999');
  expect(await list.getByRole('option').count()).toBeLessThan(60);

  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('bulk-012345');
  await expect(list.getByRole('option').first()).toContainText('bulk-012345');

  // Every window asked for was a page, never the vault.
  const queries = harness.calls.filter((c) => c.method === 'vault.query').map((c) => c.payload as { limit: number });
  expect(queries.length).toBeGreaterThan(0);
  expect(queries.every((q) => q.limit <= 100)).toBe(true);
  expect(queries.length).toBeLessThan(40);
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
