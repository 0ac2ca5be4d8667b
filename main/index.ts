// Composition root of the desktop app: builds every service by hand, in order, and wires them to the IPC
// router, the windows, the power events and the security hooks. Nothing else constructs services.
import path from 'node:path';
import { app, webContents } from 'electron';
import { contract } from '../common/ipc';
import { appHandlers } from './electron/app-handlers';
import { buildDesktopServices, type DesktopServices } from './electron/desktop-services';
import { createIpcDispatcher, type AppIpcHandlers } from './electron/ipc-dispatch';
import { createRendererEventPublisher, registerIpcRouter } from './electron/ipc-router';
import { wireSessionLifecycle } from './electron/lifecycle';
import { profileDirFromEnv } from './electron/profile-dir';
import { applyPreReadySecurity, hardenSession, installWebContentsGuards } from './electron/security';
import { APP_ORIGIN } from './electron/security-policy';
import { createMainWindow } from './electron/windows';
import { electronClipboard } from './electron/system-clipboard';
import { KeytarKeychain } from './keychain/keytar-keychain';
import { AppInfoService } from './services/app-info.service';
import { ClipboardService } from './services/clipboard.service';

// These must happen before `ready`.
applyPreReadySecurity();
installWebContentsGuards();
// A profile folder given by the environment (the dev setup's .tessera-dev/desktop) replaces userData. Before
// the single-instance lock, which is per userData, so two profiles can run side by side.
const profileDir = profileDirFromEnv(process.env, process.cwd());
if (profileDir) app.setPath('userData', profileDir);

let services: DesktopServices | undefined;
let clipboardService: ClipboardService | undefined;
let stopLifecycle: (() => void) | undefined;

// One instance per user: a second launch focuses the first instead of opening a second vault.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Tessera failed to start:', error);
      app.exit(1);
    });
}

function start(): void {
  // app.getAppPath() is the folder (or asar) holding package.json; the build writes dist/ next to it.
  const distDir = path.join(app.getAppPath(), 'dist');
  hardenSession(path.join(distDir, 'renderer'));

  // Events go to every web contents showing the app's own origin; the publisher checks each against the contract.
  const events = createRendererEventPublisher(() => webContents.getAllWebContents());
  // Accounts, caches (sealed under per-account device keys from the OS keychain), crypto and its worker pool,
  // session, vault, sync, sharing, groups and administration.
  services = buildDesktopServices({ userDataDir: app.getPath('userData'), keychain: new KeytarKeychain(), events });
  const { session } = services;
  // Copies happen in main and are cleared after a timeout, on lock and on quit, only if still ours.
  clipboardService = new ClipboardService(session, services.secrets, electronClipboard());
  // Suspend and screen lock lock the vault; activity on the computer keeps the idle auto-lock from firing.
  stopLifecycle = wireSessionLifecycle(session);

  const appInfo = new AppInfoService({ version: app.getVersion(), platform: process.platform, lockState: session });
  const handlers: AppIpcHandlers = { ...appHandlers(appInfo) };
  registerIpcRouter(
    createIpcDispatcher({
      contract,
      handlers,
      appOrigin: APP_ORIGIN,
      onInternalError: (method, error) => console.error(`IPC ${method} failed:`, error),
    }),
  );
  const openMainWindow = () => createMainWindow({ preloadPath: path.join(distDir, 'preload', 'index.cjs') });
  let mainWindow = openMainWindow();

  app.on('second-instance', () => {
    if (mainWindow.isDestroyed()) mainWindow = openMainWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (mainWindow.isDestroyed()) mainWindow = openMainWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting clears a copied secret still on the clipboard, wipes the key material (lock runs synchronously) and
// stops the crypto worker threads.
app.on('will-quit', () => {
  stopLifecycle?.();
  clipboardService?.dispose();
  void services?.dispose();
});
