import { describe, expect, it } from 'vitest';
import { acceleratorSchema } from './ipc/settings';
import { displayAccelerator, recordAccelerator, type KeyPress } from './accelerator';

const press = (code: string, key: string, mods: Partial<KeyPress> = {}): KeyPress =>
  ({ code, key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods });

describe('keyboard shortcuts', () => {
  it('reads as the platform names its keys', () => {
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'linux')).toBe('Ctrl+Shift+Space');
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('Cmd+Shift+Space');
    expect(displayAccelerator('Super+Alt+P', 'win32')).toBe('Super+Alt+P');
    expect(displayAccelerator('Control+Option+K', 'darwin')).toBe('Ctrl+Alt+K');
  });

  it('records the command key as CommandOrControl, by physical key, in a shape Settings accepts', () => {
    const linux = recordAccelerator(press('Space', ' ', { ctrlKey: true, shiftKey: true }), 'linux');
    expect(linux).toEqual({ kind: 'accelerator', accelerator: 'CommandOrControl+Shift+Space' });
    expect(recordAccelerator(press('Space', ' ', { metaKey: true, shiftKey: true }), 'darwin')).toEqual(linux);
    // A French keyboard's A key sits where Q is: the position counts, not the letter.
    expect(recordAccelerator(press('KeyQ', 'a', { altKey: true }), 'win32')).toEqual({ kind: 'accelerator', accelerator: 'Alt+Q' });
    expect(recordAccelerator(press('F5', 'F5', { metaKey: true }), 'linux')).toEqual({ kind: 'accelerator', accelerator: 'Super+F5' });
    expect(recordAccelerator(press('Slash', '/', { ctrlKey: true, altKey: true }), 'linux')).toEqual({ kind: 'accelerator', accelerator: 'CommandOrControl+Alt+/' });
    expect(recordAccelerator(press('KeyK', 'k', { ctrlKey: true, altKey: true }), 'darwin')).toEqual({ kind: 'accelerator', accelerator: 'Control+Alt+K' });
    for (const code of ['KeyA', 'Digit7', 'Numpad3', 'F12', 'ArrowUp', 'Enter', 'Backquote', 'BracketLeft', 'Quote']) {
      const r = recordAccelerator(press(code, 'x', { ctrlKey: true }), 'linux');
      expect(r.kind).toBe('accelerator');
      if (r.kind === 'accelerator') expect(acceleratorSchema.safeParse(r.accelerator).success, r.accelerator).toBe(true);
    }
  });

  it('waits while only modifiers are held, and refuses a key without one', () => {
    expect(recordAccelerator(press('ControlLeft', 'Control', { ctrlKey: true }), 'linux')).toEqual({ kind: 'partial', held: 'Ctrl+…' });
    expect(recordAccelerator(press('ShiftLeft', 'Shift', { shiftKey: true, altKey: true }), 'darwin')).toEqual({ kind: 'partial', held: 'Alt+Shift+…' });
    expect(recordAccelerator(press('KeyP', 'p'), 'linux')).toMatchObject({ kind: 'invalid', message: /Ctrl, Alt or Super/ });
    expect(recordAccelerator(press('KeyP', 'P', { shiftKey: true }), 'darwin')).toMatchObject({ kind: 'invalid', message: /Cmd, Ctrl or Alt/ });
    expect(recordAccelerator(press('IntlBackslash', '<', { ctrlKey: true }), 'linux')).toMatchObject({ kind: 'invalid' });
  });
});
