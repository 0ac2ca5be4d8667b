// Shortcut wording and matching: Cmd on macOS, Ctrl elsewhere.
const mac = /Mac|iPhone|iPad/.test(navigator.platform) || /Mac OS X/.test(navigator.userAgent);

export const modKey = mac ? '⌘' : 'Ctrl';

/** "Ctrl+F" or "⌘F". */
export function shortcut(key: string): string {
  return mac ? `⌘${key}` : `Ctrl+${key}`;
}

/** "Ctrl+Shift+S" or "⇧⌘S". */
export function shiftShortcut(key: string): string {
  return mac ? `⇧⌘${key}` : `Ctrl+Shift+${key}`;
}

/** Whether the event is the platform's command modifier, Shift and `key`, and nothing else. */
export function isModShift(event: KeyboardEvent | React.KeyboardEvent, key: string): boolean {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && event.shiftKey && !event.altKey && event.key.toLowerCase() === key.toLowerCase();
}

/** Whether the event is the platform's command modifier plus `key`, and nothing else. */
export function isMod(event: KeyboardEvent | React.KeyboardEvent, key: string): boolean {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === key.toLowerCase();
}
