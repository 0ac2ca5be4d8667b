// The built main process bundle, loaded under plain Node with a recording stand-in for the Electron shell
// (test-support/bundle-driver.ts): its module graph resolves (native modules external, crypto worker emitted
// beside it), the composition root runs at `ready` without throwing, TESSERA_PROFILE_DIR becomes userData
// before `ready`, app.info answers from the real (locked) session to the app's window only, the power events
// are subscribed and released on quit. Electron itself is not involved: its binary is not installed here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tessera-main-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('main process bundle', () => {
  it('starts under a stand-in shell with the profile folder, the real session and the power hooks', async () => {
    const outDir = join(scratch, 'main');
    await build({ configFile: join(root, 'main/vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const files = readdirSync(outDir);
    expect(files).toContain('index.cjs');
    expect(files).toContain('crypto.worker.cjs');

    const profile = join(scratch, 'profile');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'main/electron/test-support/bundle-driver.ts'), join(outDir, 'index.cjs')], {
      cwd: root, encoding: 'utf8', timeout: 60_000,
      // The bundle lives outside the project, so its external native modules are found through NODE_PATH.
      env: { ...process.env, TESSERA_PROFILE_DIR: profile, NODE_PATH: join(root, 'node_modules') },
    });
    const seen = JSON.parse(stdout) as {
      calls: string[]; userData: string; ipcChannels: string[]; listeners: Record<string, number>; afterQuit: Record<string, number>;
      fromApp: unknown; fromElsewhere: unknown; windows: { url?: string; preload?: string; shown: number; alwaysOnTop?: boolean }[];
      sent: { channel: string; payload: unknown }[];
      registeredShortcuts: string[]; shortcutsAfterQuit: string[];
      trayWhileLocked: { image: string; tooltip: string; menu: { label?: string; enabled?: boolean }[] }[];
      quickSearchLabels: (string | undefined)[];
    };
    expect(seen.userData).toBe(profile);
    expect(seen.calls).toContain('app.setPath(userData) before ready');
    expect(seen.calls).toContain('app.enableSandbox');
    expect(seen.calls).not.toContain('app.exit(1)');
    expect(seen.ipcChannels).toContain('tessera:app.info');
    expect(seen.fromApp).toEqual({ ok: true, value: { version: '0.1.0-driver', platform: process.platform, locked: true } });
    expect(seen.fromElsewhere).toMatchObject({ ok: false, error: { code: 'INVALID_SENDER' } });
    expect(seen.calls).toContain('app.setAsDefaultProtocolClient(tessera)');
    // Only the well-formed invitation reaches the window, as the https link the mail carried.
    expect(seen.sent.filter((s) => s.channel === 'tessera-event:account.invitationOpened')).toEqual([{
      channel: 'tessera-event:account.invitationOpened',
      payload: { invitationLink: 'https://vault.example.com/setup/start/0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e/1c9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e' },
    }]);
    expect(seen.listeners).toEqual({ suspend: 1, lockScreen: 1 });
    expect(seen.afterQuit).toEqual({ suspend: 0, lockScreen: 0 });
    // The main window, and the quick-access window created once, hidden, always on top, on the same renderer.
    expect(seen.windows).toEqual([
      { url: 'app://tessera/index.html', preload: '/nonexistent/app/dist/preload/index.cjs', shown: expect.any(Number), hidden: 0 },
      { url: 'app://tessera/index.html#quick', preload: '/nonexistent/app/dist/preload/index.cjs', shown: 1, hidden: 0, alwaysOnTop: true },
    ]);
    expect(seen.registeredShortcuts).toEqual(['CommandOrControl+Shift+Space']);
    expect(seen.sent.filter((s) => s.channel === 'tessera-event:quick.shown')).toHaveLength(1);
    expect(seen.shortcutsAfterQuit).toEqual([]);
    // The tray: locked icon and tooltip, sync and lock disabled while locked.
    expect(seen.trayWhileLocked).toHaveLength(1);
    expect(seen.trayWhileLocked[0]).toMatchObject({ tooltip: 'Tessera (locked)' });
    expect(seen.trayWhileLocked[0]!.menu.filter((m) => m.label).map((m) => [m.label, m.enabled ?? true])).toEqual([
      ['Quick search (Ctrl+Shift+Space)', true], ['Open Tessera', true], ['Sync now', false], ['Lock', false], ['Quit Tessera', true],
    ]);
    // A new shortcut in Settings renames the tray's item; with the shortcut off it names none.
    expect(seen.quickSearchLabels).toEqual(['Quick search (Ctrl+Alt+K)', 'Quick search']);
  }, 120_000);
});
