// The app's windows. Each one gets the hardened web preferences and loads the renderer from app://.
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './security-policy';
import { secureWebPreferences } from './security';

export interface MainWindowOptions {
  /** Absolute path of the preload bundle (dist/preload/index.cjs). */
  readonly preloadPath: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Tessera',
    backgroundColor: '#0f172a',
    webPreferences: { ...secureWebPreferences, preload: options.preloadPath },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
