// The `settings` domain: this computer's preferences for the app, kept per profile.
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';

/**
 * An Electron accelerator such as "CommandOrControl+Shift+Space": modifiers and one key joined by "+". Checked
 * for shape here; whether the desktop can register it is only known when main tries.
 */
export const acceleratorSchema = z.string().trim().min(1).max(64)
  .regex(/^(?:(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)+[A-Za-z0-9]+$|^(?:(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)+(?:F\d{1,2}|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|Plus|[`\-=[\]\\;',./])$/, 'Not a keyboard shortcut (e.g. CommandOrControl+Shift+Space).');

export const DEFAULT_QUICK_ACCESS_SHORTCUT = 'CommandOrControl+Shift+Space';

/** The public Pwned Passwords range API. */
export const DEFAULT_RANGE_API_URL = 'https://api.pwnedpasswords.com/range/';

/**
 * https, or plain http to this computer only (a mirror on the same machine, tests): the address is told which
 * passphrases are being checked, by their hash prefix. No credentials, query or fragment, since the prefix is
 * appended to it.
 */
function isRangeApiUrl(text: string): boolean {
  if (/[?#\s]/.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hostname === '') return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export const rangeApiUrlSchema = z.string().trim().min(1).max(2048)
  .refine(isRangeApiUrl, 'Enter an https:// address (http:// only for 127.0.0.1 or localhost), without a ? query or # part.');

export const settingsSchema = z.object({
  /** Minutes of inactivity before the vault locks itself; 0 = never. */
  autoLockMinutes: z.number().int().min(0).max(24 * 60),
  /** Seconds before a copied secret is cleared from the clipboard. */
  clipboardClearSeconds: z.number().int().min(5).max(600),
  /** The longest the passphrase may be remembered when the user asks for it at unlock; 0 = never offer it. */
  rememberPassphraseMinutes: z.number().int().min(0).max(7 * 24 * 60),
  theme: z.enum(['system', 'light', 'dark']),
  /** The global shortcut that opens quick access, and whether it is on. */
  quickAccessEnabled: z.boolean(),
  quickAccessShortcut: acceleratorSchema,
  /** Closing the main window keeps the app running in the tray. */
  closeToTray: z.boolean(),
  /**
   * The k-anonymity range API the breach check asks when a passphrase is chosen (`{address}{5 hex}`; only the
   * first 5 hex characters of the passphrase's SHA-1 are sent). An organisation may point it at its own mirror.
   */
  rangeApiUrl: rangeApiUrlSchema,
  /**
   * Session keys (sharing, group changes, opening secrets) through Node's built-in cryptography for the key types
   * where it is measurably faster; off: through OpenPGP.js only, one implementation for everything.
   */
  fastCrypto: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  clipboardClearSeconds: 30,
  rememberPassphraseMinutes: 0,
  theme: 'system',
  quickAccessEnabled: true,
  quickAccessShortcut: DEFAULT_QUICK_ACCESS_SHORTCUT,
  closeToTray: true,
  rangeApiUrl: DEFAULT_RANGE_API_URL,
  fastCrypto: true,
};

/** Whether the quick-access shortcut is active, and if not, why (taken by another app, Wayland...). */
export const shortcutStateSchema = z.object({
  registered: z.boolean(),
  message: z.string().max(500).optional(),
});

export const settingsMethods = defineMethods('settings', {
  'settings.get': { req: z.undefined(), res: z.object({ settings: settingsSchema, shortcut: shortcutStateSchema }) },
  /** Changes the given settings; the answer is the whole new state. */
  'settings.update': {
    req: settingsSchema.partial(),
    res: z.object({ settings: settingsSchema, shortcut: shortcutStateSchema }),
  },
});

export const settingsEvents = defineEvents('settings', {
  /** Settings changed (in another window of the app, or the shortcut's state changed). */
  'settings.changed': z.object({ settings: settingsSchema, shortcut: shortcutStateSchema }),
});
