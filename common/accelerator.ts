// Keyboard shortcuts as Electron's accelerators ("CommandOrControl+Shift+Space"): how one reads to a person on
// each platform, and how Settings turns a key press into one. Pure, so main's tray and the renderer's Settings
// word a shortcut the same way.

/** How an accelerator reads to a person on this platform ("Ctrl+Shift+Space", "Cmd+Shift+Space"). */
export function displayAccelerator(accelerator: string, platform: string): string {
  const mac = platform === 'darwin';
  return accelerator.split('+').map((part) => {
    switch (part) {
      case 'CommandOrControl': case 'CmdOrCtrl': return mac ? 'Cmd' : 'Ctrl';
      case 'Command': case 'Cmd': return 'Cmd';
      case 'Control': return 'Ctrl';
      case 'Option': return 'Alt';
      case 'Super': case 'Meta': return mac ? 'Cmd' : 'Super';
      default: return part;
    }
  }).join('+');
}

/** What Settings needs of a key press (a DOM KeyboardEvent has these). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

export type Recorded =
  | { readonly kind: 'accelerator'; readonly accelerator: string }
  /** Only modifiers are held so far: what they read as, to show while the user finds the key. */
  | { readonly kind: 'partial'; readonly held: string }
  | { readonly kind: 'invalid'; readonly message: string };

// Physical keys by their position (event.code), so a shortcut does not depend on the keyboard layout's letters.
const named: Readonly<Record<string, string>> = {
  Space: 'Space', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete', Insert: 'Insert', Enter: 'Return',
  NumpadEnter: 'Return', ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Home: 'Home',
  End: 'End', PageUp: 'PageUp', PageDown: 'PageDown', Escape: 'Escape', Minus: '-', Equal: '=', BracketLeft: '[',
  BracketRight: ']', Backslash: '\\', Semicolon: ';', Quote: "'", Comma: ',', Period: '.', Slash: '/', Backquote: '`',
};

const modifierKeys = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper']);

function keyName(code: string): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return digit[1];
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  return named[code];
}

/**
 * The accelerator a key press asks for. The platform's command key (Ctrl, or Cmd on macOS) is saved as
 * CommandOrControl so the setting means the same on every platform; a shortcut needs Ctrl, Cmd, Alt or Super, as
 * Shift alone would take a key away from typing everywhere.
 */
export function recordAccelerator(press: KeyPress, platform: string): Recorded {
  const mac = platform === 'darwin';
  const parts: string[] = [];
  if (mac ? press.metaKey : press.ctrlKey) parts.push('CommandOrControl');
  if (mac && press.ctrlKey) parts.push('Control');
  if (press.altKey) parts.push('Alt');
  if (press.shiftKey) parts.push('Shift');
  if (!mac && press.metaKey) parts.push('Super');
  if (modifierKeys.has(press.key)) return { kind: 'partial', held: parts.length ? `${displayAccelerator(parts.join('+'), platform)}+…` : '' };
  const key = keyName(press.code);
  if (!key) return { kind: 'invalid', message: 'That key cannot be part of a shortcut. Try a letter, a digit, Space or F1–F24.' };
  if (!parts.some((p) => p !== 'Shift')) {
    const mods = mac ? 'Cmd, Ctrl or Alt' : 'Ctrl, Alt or Super';
    return { kind: 'invalid', message: `Hold ${mods} with the key: without them the shortcut would get in the way of typing.` };
  }
  return { kind: 'accelerator', accelerator: [...parts, key].join('+') };
}
