// Loads the built main bundle (dist/main/index.cjs, argv[2]) under plain Node with a recording stand-in for the
// Electron shell, fires `ready`, then drives it from outside as Electron would: an IPC call from the app's window
// and one from elsewhere, the power monitor's listeners, quit. Prints what it saw as JSON on stdout.
// This checks the composition root and the bundle's module graph; it is NOT Electron and proves nothing about
// Electron itself (its binary cannot be installed on the build machines).
import { EventEmitter } from 'node:events';
import Module, { createRequire } from 'node:module';

interface IpcEvent { senderFrame: { url: string; parent: null | object } }
type IpcHandler = (event: IpcEvent, payload: unknown) => Promise<unknown>;

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: bundle-driver <index.cjs>');

const calls: string[] = [];
const paths: Record<string, string> = { userData: '/nonexistent/default-user-data' };
const ipcHandlers = new Map<string, IpcHandler>();
const sent: { channel: string; payload: unknown }[] = [];
const windows: { url?: string; preload?: string; shown: number; hidden: number; alwaysOnTop?: boolean }[] = [];
const shortcuts = new Map<string, () => void>();
const trays: { image: string; tooltip: string; menu: { label?: string; enabled?: boolean }[] }[] = [];
let readyFired = false;
let resolveReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => { resolveReady = resolve; });

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  enableSandbox: () => calls.push('app.enableSandbox'),
  requestSingleInstanceLock: () => true,
  whenReady: () => ready,
  setPath: (name: string, value: string) => {
    calls.push(`app.setPath(${name}) ${readyFired ? 'after' : 'before'} ready`);
    paths[name] = value;
  },
  getPath: (name: string) => paths[name] ?? `/nonexistent/${name}`,
  getAppPath: () => '/nonexistent/app',
  getVersion: () => '0.1.0-driver',
  quit: () => calls.push('app.quit'),
  exit: (code: number) => calls.push(`app.exit(${code})`),
  setAsDefaultProtocolClient: (scheme: string) => calls.push(`app.setAsDefaultProtocolClient(${scheme})`),
  commandLine: { appendSwitch: (name: string, value: string) => calls.push(`commandLine ${name}=${value}`) },
});
const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0 });
const rendererContents = {
  isDestroyed: () => false,
  getURL: () => 'app://tessera/index.html',
  send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
  isLoading: () => false,
  once: () => undefined,
};
class BrowserWindow extends EventEmitter {
  readonly webContents = rendererContents;
  readonly record: { url?: string; preload?: string; shown: number; hidden: number; alwaysOnTop?: boolean };
  constructor(options: { webPreferences?: { preload?: string }; alwaysOnTop?: boolean }) {
    super();
    this.record = { preload: options.webPreferences?.preload, shown: 0, hidden: 0, ...(options.alwaysOnTop ? { alwaysOnTop: true } : {}) };
    windows.push(this.record);
  }
  loadURL(url: string): Promise<void> { this.record.url = url; return Promise.resolve(); }
  show(): void { this.record.shown++; }
  hide(): void { this.record.hidden++; }
  setAlwaysOnTop(): void {}
  setBounds(): void {}
  destroy(): void {}
  isDestroyed(): boolean { return false; }
  isMinimized(): boolean { return false; }
  restore(): void {}
  focus(): void {}
  static getFocusedWindow(): null { return null; }
}
const nativeImage = {
  createFromDataURL: (url: string) => ({ url, addRepresentation: () => undefined }),
};
class Tray extends EventEmitter {
  readonly record = { image: '', tooltip: '', menu: [] as { label?: string; enabled?: boolean }[] };
  constructor(image: { url: string }) {
    super();
    this.record.image = image.url;
    trays.push(this.record);
  }
  setImage(image: { url: string }): void { this.record.image = image.url; }
  setToolTip(text: string): void { this.record.tooltip = text; }
  setContextMenu(menu: { items: { label?: string; enabled?: boolean }[] }): void { this.record.menu = menu.items; }
  destroy(): void {}
}
const Menu = { buildFromTemplate: (items: { label?: string; enabled?: boolean }[]) => ({ items }) };
const globalShortcut = {
  register: (accelerator: string, callback: () => void) => { shortcuts.set(accelerator, callback); return true; },
  unregister: (accelerator: string) => shortcuts.delete(accelerator),
};
const screen = {
  getCursorScreenPoint: () => ({ x: 10, y: 10 }),
  getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
};
const defaultSession = {
  protocol: { handle: (scheme: string) => calls.push(`session.protocol.handle(${scheme})`) },
  setPermissionRequestHandler: () => calls.push('session.setPermissionRequestHandler'),
  setPermissionCheckHandler: () => undefined,
  setDevicePermissionHandler: () => undefined,
  setDisplayMediaRequestHandler: () => undefined,
};
const electron = {
  app, powerMonitor, BrowserWindow, Tray, Menu, nativeImage, globalShortcut, screen,
  protocol: { registerSchemesAsPrivileged: () => calls.push('protocol.registerSchemesAsPrivileged') },
  session: { defaultSession },
  shell: { openExternal: () => Promise.resolve() },
  dialog: { showSaveDialog: () => Promise.resolve({ canceled: true }) },
  clipboard: {
    readText: () => { calls.push('clipboard.readText'); return ''; },
    writeText: () => calls.push('clipboard.writeText'),
    clear: () => calls.push('clipboard.clear'),
  },
  ipcMain: {
    handle: (channel: string, handler: IpcHandler) => ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => ipcHandlers.delete(channel),
  },
  webContents: { getAllWebContents: () => [rendererContents] },
};

// `require('electron')` from the bundle gets the stand-in.
const STUB_ID = '\0tessera-electron-stand-in';
const loader = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
  _cache: Record<string, unknown>;
};
const resolve = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'electron' ? STUB_ID : resolve.call(this, request, ...rest);
};
loader._cache[STUB_ID] = { id: STUB_ID, filename: STUB_ID, loaded: true, exports: electron, children: [], paths: [] };

async function main(): Promise<void> {
  createRequire(import.meta.url)(bundle);
  readyFired = true;
  resolveReady();
  // Start-up is asynchronous (it probes the OS keychain first): wait for the IPC handlers, or for a failed start.
  for (let i = 0; i < 400 && !ipcHandlers.has('tessera:app.info') && !calls.includes('app.exit(1)'); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 50));

  const appInfo = ipcHandlers.get('tessera:app.info');
  const fromApp = await appInfo?.({ senderFrame: { url: 'app://tessera/index.html', parent: null } }, undefined);
  const fromElsewhere = await appInfo?.({ senderFrame: { url: 'https://evil.example/', parent: null } }, undefined);
  // The OS hands over a tessera:// invitation (macOS open-url) and a hostile look-alike.
  const userId = '0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e';
  const token = '1c9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e';
  const preventDefault = () => undefined;
  app.emit('open-url', { preventDefault }, `tessera://setup/start/${userId}/${token}?server=${encodeURIComponent('https://vault.example.com')}`);
  app.emit('open-url', { preventDefault }, 'tessera://setup/start/<script>/x?server=javascript:alert(1)');
  // The global shortcut shows the quick-access window and tells its renderer to focus the search.
  const registeredShortcuts = [...shortcuts.keys()];
  shortcuts.get('CommandOrControl+Shift+Space')?.();
  const trayWhileLocked = trays.map((t) => ({ ...t, menu: t.menu.map((m) => ({ ...m })) }));
  // Settings change the shortcut, then turn it off: the tray's first item follows.
  const updateSettings = ipcHandlers.get('tessera:settings.update');
  const fromWindow = { senderFrame: { url: 'app://tessera/index.html', parent: null } };
  const quickSearchLabels: (string | undefined)[] = [];
  await updateSettings?.(fromWindow, { quickAccessShortcut: 'CommandOrControl+Alt+K' });
  quickSearchLabels.push(trays[0]?.menu[0]?.label);
  await updateSettings?.(fromWindow, { quickAccessEnabled: false });
  quickSearchLabels.push(trays[0]?.menu[0]?.label);
  const listeners = { suspend: powerMonitor.listenerCount('suspend'), lockScreen: powerMonitor.listenerCount('lock-screen') };
  app.emit('will-quit');
  await new Promise((r) => setTimeout(r, 50));
  const afterQuit = { suspend: powerMonitor.listenerCount('suspend'), lockScreen: powerMonitor.listenerCount('lock-screen') };
  process.stdout.write(JSON.stringify({
    calls, userData: paths.userData, ipcChannels: [...ipcHandlers.keys()], fromApp, fromElsewhere, listeners, afterQuit, windows, sent,
    registeredShortcuts, shortcutsAfterQuit: [...shortcuts.keys()], trayWhileLocked, quickSearchLabels,
  }));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
