// Composition root of the desktop app: builds every service by hand, in order, and wires them to the IPC
// router, the windows and the security hooks. Nothing else constructs services.
import path from 'node:path';
import { app } from 'electron';
import { contract } from '../common/ipc';
import { appHandlers } from './electron/app-handlers';
import { createIpcDispatcher, type AppIpcHandlers } from './electron/ipc-dispatch';
import { registerIpcRouter } from './electron/ipc-router';
import { applyPreReadySecurity, hardenSession, installWebContentsGuards } from './electron/security';
import { APP_ORIGIN } from './electron/security-policy';
import { createMainWindow } from './electron/windows';
import { AppInfoService, type LockStateSource } from './services/app-info.service';

// These must happen before `ready`.
applyPreReadySecurity();
installWebContentsGuards();

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

  // No session service exists yet, so nothing can unlock the vault: it is locked for the app's lifetime.
  // The session service replaces this source when it lands.
  const lockState: LockStateSource = { isLocked: () => true };
  const appInfo = new AppInfoService({ version: app.getVersion(), platform: process.platform, lockState });

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
