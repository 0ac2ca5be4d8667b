import { describe, expect, it } from 'vitest';
import { displayAccelerator, quickWindowBounds, shortcutState } from './quick-access-policy';

describe('quick access decisions', () => {
  it('names the shortcut as the platform does', () => {
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'linux')).toBe('Ctrl+Shift+Space');
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('Cmd+Shift+Space');
    expect(displayAccelerator('Super+Alt+P', 'win32')).toBe('Super+Alt+P');
  });

  it('says why a shortcut is not active, and what still works', () => {
    expect(shortcutState({ enabled: true, accelerator: 'CommandOrControl+Shift+Space', registered: true }, { platform: 'linux', sessionType: 'x11' }))
      .toEqual({ registered: true });
    expect(shortcutState({ enabled: true, accelerator: 'CommandOrControl+Shift+Space', registered: false }, { platform: 'win32' }))
      .toEqual({ registered: false, message: expect.stringMatching(/^Ctrl\+Shift\+Space is already used by another application.*tray/) });
    expect(shortcutState({ enabled: true, accelerator: 'CommandOrControl+Shift+Space', registered: false }, { platform: 'linux', sessionType: 'wayland' }).message)
      .toMatch(/Wayland desktop did not grant Ctrl\+Shift\+Space/);
    expect(shortcutState({ enabled: true, accelerator: 'Alt+Space', registered: true }, { platform: 'linux', sessionType: 'wayland' }))
      .toEqual({ registered: true, message: expect.stringMatching(/confirm it once/) });
    expect(shortcutState({ enabled: false }, { platform: 'darwin' })).toEqual({ registered: false, message: expect.stringMatching(/turned off/) });
  });

  it('centres the window on the work area, a third of the way down, never larger than the screen', () => {
    expect(quickWindowBounds({ x: 0, y: 0, width: 1920, height: 1080 })).toEqual({ x: 640, y: 227, width: 640, height: 400 });
    expect(quickWindowBounds({ x: 1920, y: 24, width: 1280, height: 776 })).toEqual({ x: 2240, y: 149, width: 640, height: 400 });
    expect(quickWindowBounds({ x: 0, y: 0, width: 500, height: 300 })).toEqual({ x: 0, y: 0, width: 500, height: 300 });
  });
});
