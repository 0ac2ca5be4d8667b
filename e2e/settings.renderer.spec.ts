// Settings end to end: each preference changed through the window, explained next to its field when it does not
// fit, saved to the profile by main and still there after a reload; the quick-access shortcut's state as main
// reports it. The harness plays an X11 desktop's global shortcut, on which one combination is already taken.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { shortcutState } from '../main/electron/quick-access-policy';
import { expect, snap, test, unlock, userInProfile, violations } from './harness/fixtures';

const TAKEN = 'CommandOrControl+Alt+T';
const x11 = { platform: 'linux' as const, sessionType: 'x11' };

test.use({
  harnessOptions: {
    shortcut: (s) => (s.quickAccessEnabled
      ? shortcutState({ enabled: true, accelerator: s.quickAccessShortcut, registered: s.quickAccessShortcut !== TAKEN }, x11)
      : shortcutState({ enabled: false }, x11)),
  },
});

test('each setting is saved as it changes, explained when it does not fit, and kept after a reload', async ({ page, harness, org, problems }) => {
  const user = await userInProfile(org, harness, 'settings');
  await org.share(user.userId, [{ name: 'GitHub', username: 'grace', uri: 'https://github.com', password: 'gh-pass' }]);
  await page.goto(harness.entryUrl);
  await unlock(page);
  const settingsEntry = page.getByRole('button', { name: 'Settings', exact: true });
  await settingsEntry.click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(settingsEntry).toHaveAttribute('aria-current', 'page');
  const saved = page.getByRole('status').filter({ hasText: 'Saved' });

  // Auto-lock: out of range and not a number are said next to the field; a good value is saved.
  const autoLock = page.getByLabel('Lock after inactivity');
  await expect(autoLock).toHaveValue('15');
  await autoLock.fill('99999');
  await autoLock.press('Tab');
  await expect(page.getByRole('alert')).toHaveText('Enter a whole number of minutes from 0 to 1440 (24 hours); 0 locks only when you lock.');
  await expect(autoLock).toHaveAttribute('aria-invalid', 'true');
  await autoLock.fill('soon');
  await autoLock.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Enter a whole number of minutes.');
  await autoLock.press('Escape');
  await expect(autoLock).toHaveValue('15');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await autoLock.fill('5');
  await autoLock.press('Enter');
  await expect(saved).toBeVisible();
  await expect.poll(() => harness.desktop.settings.get().autoLockMinutes).toBe(5);

  const clipboard = page.getByLabel('Clear copied passwords after');
  await clipboard.fill('2');
  await clipboard.press('Tab');
  await expect(page.getByRole('alert')).toHaveText('Enter a whole number of seconds from 5 to 600 (10 minutes).');
  await clipboard.fill('45');
  await clipboard.press('Tab');
  await expect.poll(() => harness.desktop.settings.get().clipboardClearSeconds).toBe(45);

  await page.getByLabel('Remember the passphrase for at most').selectOption({ label: '8 hours' });
  await expect.poll(() => harness.desktop.settings.get().rememberPassphraseMinutes).toBe(480);

  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  const tray = page.getByRole('switch', { name: 'Keep Tessera in the tray when the window is closed' });
  await expect(tray).toBeChecked();
  await tray.uncheck();
  await expect.poll(() => harness.desktop.settings.get().closeToTray).toBe(false);

  // Faster encryption is on by default; off, main and its crypto threads use OpenPGP.js alone (the copy below too).
  const fastCrypto = page.getByRole('switch', { name: 'Faster encryption for sharing and groups' });
  await expect(fastCrypto).toBeChecked();
  await fastCrypto.uncheck();
  await expect.poll(() => harness.desktop.settings.get().fastCrypto).toBe(false);

  // The shortcut: recorded from the keys pressed in the field, shown as the platform names them; main's state
  // (registered, taken by another application, turned off) under it.
  const state = page.getByTestId('shortcut-state');
  await expect(state).toHaveText('Ctrl+Shift+Space opens quick search from anywhere.');
  const field = page.getByLabel('Quick-access shortcut');
  await expect(field).toHaveValue('Ctrl+Shift+Space');
  await field.focus();
  await page.keyboard.press('KeyP');
  await expect(page.getByRole('alert')).toHaveText('Hold Ctrl, Alt or Super with the key: without them the shortcut would get in the way of typing.');
  await page.keyboard.press('Control+Alt+KeyT');
  await expect(field).toHaveValue('Ctrl+Alt+T');
  await expect(state).toContainText('The shortcut is not active. Ctrl+Alt+T is already used by another application.');
  await page.keyboard.press('Control+Alt+KeyK');
  await expect(field).toHaveValue('Ctrl+Alt+K');
  await expect(state).toHaveText('Ctrl+Alt+K opens quick search from anywhere.');
  await expect(page.getByRole('button', { name: 'Use Ctrl+Shift+Space' })).toBeVisible();

  const quickSwitch = page.getByRole('switch', { name: 'Open quick search with a keyboard shortcut' });
  await quickSwitch.uncheck();
  await expect(state).toContainText('The quick-access shortcut is turned off. The tray menu still opens quick search.');
  await expect(field).toBeDisabled();

  // Saved to the profile, where main reads them at the next start.
  const file = JSON.parse(await readFile(path.join(harness.profileDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  expect(file).toMatchObject({
    autoLockMinutes: 5, clipboardClearSeconds: 45, rememberPassphraseMinutes: 480, theme: 'dark',
    closeToTray: false, quickAccessEnabled: false, quickAccessShortcut: 'CommandOrControl+Alt+K', fastCrypto: false,
  });

  // The clipboard delay applies at once.
  await page.getByRole('button', { name: 'All items' }).click();
  await page.getByRole('option', { name: /GitHub/ }).click();
  await page.keyboard.press('Control+C');
  await expect(page.getByTestId('toast')).toHaveText('Password for GitHub copied — clears in 45 s');

  // After a reload every value is still there.
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Lock after inactivity')).toHaveValue('5');
  await expect(page.getByLabel('Clear copied passwords after')).toHaveValue('45');
  await expect(page.getByLabel('Remember the passphrase for at most')).toHaveValue('480');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('switch', { name: 'Keep Tessera in the tray when the window is closed' })).not.toBeChecked();
  await expect(page.getByRole('switch', { name: 'Faster encryption for sharing and groups' })).not.toBeChecked();
  await expect(page.getByRole('switch', { name: 'Open quick search with a keyboard shortcut' })).not.toBeChecked();
  await expect(page.getByLabel('Quick-access shortcut')).toHaveValue('Ctrl+Alt+K');
  await expect(page.getByTestId('shortcut-state')).toContainText('turned off');

  // Back to the defaults where a user would notice them: the system theme and the usual shortcut.
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await page.getByRole('switch', { name: 'Open quick search with a keyboard shortcut' }).check();
  await page.getByRole('switch', { name: 'Faster encryption for sharing and groups' }).check();
  await expect.poll(() => harness.desktop.settings.get().fastCrypto).toBe(true);
  await page.getByRole('button', { name: 'Use Ctrl+Shift+Space' }).click();
  await expect(page.getByTestId('shortcut-state')).toHaveText('Ctrl+Shift+Space opens quick search from anywhere.');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).scrollIntoViewIfNeeded();
  await snap(page, 'settings');
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
