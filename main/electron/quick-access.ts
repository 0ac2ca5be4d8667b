// The quick-access window and its global shortcut. The window is created once, hidden, and only shown on
// demand, so it appears at once: small, frameless, always on top, on the display the pointer is on. It loads
// the same sandboxed renderer as the main window (its `#quick` view) with the same web preferences.
import { BrowserWindow, globalShortcut, screen } from 'electron';
import { quickWindowBounds, shortcutState, type ShortcutState } from './quick-access-policy';
import { secureWebPreferences } from './security';
import { APP_ENTRY_URL } from './security-policy';

export interface QuickAccess {
  show(): void;
  hide(): void;
  /** (Re)registers the shortcut per Settings; returns what Settings should show. */
  applyShortcut(enabled: boolean, accelerator: string): ShortcutState;
  state(): ShortcutState;
  readonly window: BrowserWindow;
  dispose(): void;
}

export interface QuickAccessOptions {
  readonly preloadPath: string;
  /** After each show: the renderer focuses its search (a `quick.shown` event). */
  readonly onShown: () => void;
}

export function createQuickAccess(options: QuickAccessOptions): QuickAccess {
  const window = new BrowserWindow({
    width: 640, height: 400, show: false, frame: false, resizable: false, movable: true, minimizable: false,
    maximizable: false, fullscreenable: false, alwaysOnTop: true, skipTaskbar: true, title: 'Tessera quick access',
    backgroundColor: '#0f172a', webPreferences: { ...secureWebPreferences, preload: options.preloadPath },
  });
  // Above full-screen apps too, where the OS allows it.
  window.setAlwaysOnTop(true, 'floating');
  void window.loadURL(`${APP_ENTRY_URL}#quick`);
  // Focus loss hides it, as Escape does.
  window.on('blur', () => window.hide());

  let registered: string | undefined;
  let current: ShortcutState = { registered: false };
  const env = { platform: process.platform, sessionType: process.env.XDG_SESSION_TYPE };

  const access: QuickAccess = {
    window,
    show() {
      if (window.isDestroyed()) return;
      const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      window.setBounds(quickWindowBounds(display.workArea));
      window.show();
      window.focus();
      options.onShown();
    },
    hide() {
      if (!window.isDestroyed()) window.hide();
    },
    applyShortcut(enabled, accelerator) {
      if (registered) globalShortcut.unregister(registered);
      registered = undefined;
      if (!enabled) {
        current = shortcutState({ enabled: false }, env);
        return current;
      }
      let ok: boolean;
      try {
        ok = globalShortcut.register(accelerator, () => access.show());
      } catch {
        ok = false; // an accelerator Electron cannot parse on this platform
      }
      if (ok) registered = accelerator;
      current = shortcutState({ enabled: true, accelerator, registered: ok }, env);
      return current;
    },
    state: () => current,
    dispose() {
      if (registered) globalShortcut.unregister(registered);
      if (!window.isDestroyed()) window.destroy();
    },
  };
  return access;
}
