// Preferences survive a restart, apply to listeners as they change, refuse out-of-range values without losing
// anything, and a damaged file costs only the damaged fields.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/ipc';
import { SettingsService } from './settings.service';

const dirs: string[] = [];
function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-settings-'));
  dirs.push(dir);
  return join(dir, 'profile', 'settings.json');
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('SettingsService', () => {
  it('starts from the defaults, saves changes and reads them back after a restart', () => {
    const path = file();
    const first = new SettingsService(path);
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    first.update({ autoLockMinutes: 5, theme: 'dark', quickAccessShortcut: 'Alt+Shift+P' });
    const again = new SettingsService(path);
    expect(again.get()).toEqual({ ...DEFAULT_SETTINGS, autoLockMinutes: 5, theme: 'dark', quickAccessShortcut: 'Alt+Shift+P' });
  });

  it('tells listeners now and on every change, with what it was before', () => {
    const service = new SettingsService(file());
    const seen: [number, number | undefined][] = [];
    const stop = service.subscribe((s, previous) => seen.push([s.clipboardClearSeconds, previous?.clipboardClearSeconds]));
    service.update({ clipboardClearSeconds: 45 });
    stop();
    service.update({ clipboardClearSeconds: 60 });
    expect(seen).toEqual([[30, undefined], [45, 30]]);
  });

  it('refuses an out-of-range value or a malformed shortcut and keeps every setting as it was', () => {
    const path = file();
    const service = new SettingsService(path);
    service.update({ autoLockMinutes: 10 });
    for (const bad of [{ autoLockMinutes: -1 }, { clipboardClearSeconds: 1 }, { quickAccessShortcut: 'rm -rf /' }, { theme: 'neon' }]) {
      expect(() => service.update(bad as never)).toThrow(/out of range/);
    }
    expect(service.get().autoLockMinutes).toBe(10);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ autoLockMinutes: 10, quickAccessShortcut: DEFAULT_SETTINGS.quickAccessShortcut });
  });

  it('takes the breach check\'s range API as https, or http to this computer only, and says why it refuses one', () => {
    const path = file();
    const service = new SettingsService(path);
    expect(service.get().rangeApiUrl).toBe('https://api.pwnedpasswords.com/range/');
    for (const good of ['https://pwned.internal.example/range/', 'http://127.0.0.1:8099/range/', 'http://localhost/hibp/range']) {
      expect(service.update({ rangeApiUrl: `  ${good} ` }).rangeApiUrl).toBe(good);
    }
    for (const bad of ['http://pwned.example/range/', 'ftp://127.0.0.1/range/', 'https://user:pw@mirror.example/range/',
      'https://mirror.example/range/?k=1', 'https://mirror.example/range/#x', 'not a url', '']) {
      expect(() => service.update({ rangeApiUrl: bad })).toThrow(/https:\/\/ address/);
    }
    expect(new SettingsService(path).get().rangeApiUrl).toBe('http://localhost/hibp/range');
    writeFileSync(path, JSON.stringify({ rangeApiUrl: 'http://evil.example/range/' }));
    expect(new SettingsService(path).get().rangeApiUrl).toBe(DEFAULT_SETTINGS.rangeApiUrl);
  });

  it('keeps the good fields of a damaged file and defaults the rest; an unreadable file means defaults', () => {
    const path = file();
    new SettingsService(path).update({ theme: 'light' });
    writeFileSync(path, JSON.stringify({ theme: 'light', autoLockMinutes: 'soon', closeToTray: false }));
    expect(new SettingsService(path).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', closeToTray: false });
    writeFileSync(path, '{ not json');
    expect(new SettingsService(path).get()).toEqual(DEFAULT_SETTINGS);
  });
});
