// Composition root of the desktop app: builds every service by hand, in order, and wires them to the IPC
// router, the windows, the power events and the security hooks. Nothing else constructs services.
import path from 'node:path';
import { app, webContents } from 'electron';
import { handleAppLinks, invitationFromArgv } from './electron/app-links';
import { buildDesktopIpc, type DesktopIpc } from './electron/desktop-ipc';
import { probeOsKeychain } from './electron/desktop-services';
import { createRendererEventPublisher, registerIpcRouter } from './electron/ipc-router';
import { wireSessionLifecycle } from './electron/lifecycle';
import { nativeOpenExternal, nativeSaveFile } from './electron/native-ports';
import { profileDirFromEnv } from './electron/profile-dir';
import { applyPreReadySecurity, hardenSession, installWebContentsGuards } from './electron/security';
import { APP_ORIGIN } from './electron/security-policy';
import { createMainWindow } from './electron/windows';
import { electronClipboard } from './electron/system-clipboard';

// These must happen before `ready`.
applyPreReadySecurity();
installWebContentsGuards();
// A profile folder given by the environment (the dev setup's .tessera-dev/desktop) replaces userData. Before
// the single-instance lock, which is per userData, so two profiles can run side by side.
const profileDir = profileDirFromEnv(process.env, process.cwd());
if (profileDir) app.setPath('userData', profileDir);

let desktop: DesktopIpc | undefined;
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

async function start(): Promise<void> {
  // app.getAppPath() is the folder (or asar) holding package.json; the build writes dist/ next to it.
  const distDir = path.join(app.getAppPath(), 'dist');
  hardenSession(path.join(distDir, 'renderer'));

  // Events go to every web contents showing the app's own origin; the publisher checks each against the contract.
  const events = createRendererEventPublisher(() => webContents.getAllWebContents());
  // Without a reachable OS keychain, device keys are sealed with each account's passphrase and nothing is remembered.
  const keychain = await probeOsKeychain();
  // Accounts, caches (sealed under per-account device keys from the OS keychain), crypto and its worker pool,
  // session, vault, sync, sharing, groups and administration; copies happen in main and are cleared after a
  // timeout, on lock and on quit, only if still ours.
  desktop = buildDesktopIpc({
    userDataDir: app.getPath('userData'), keychain, events,
    version: app.getVersion(), platform: process.platform, appOrigin: APP_ORIGIN,
    clipboard: electronClipboard(), files: nativeSaveFile(), openExternal: nativeOpenExternal, rememberAvailable: keychain !== 'none',
    onInternalError: (method, error) => console.error(`IPC ${method} failed:`, error),
  });
  // Suspend and screen lock lock the vault; activity on the computer keeps the idle auto-lock from firing.
  stopLifecycle = wireSessionLifecycle(desktop.services.session);
  registerIpcRouter(desktop.dispatch);

  const openMainWindow = () => createMainWindow({ preloadPath: path.join(distDir, 'preload', 'index.cjs') });
  let mainWindow = openMainWindow();
  const showWindow = () => {
    if (mainWindow.isDestroyed()) mainWindow = openMainWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  // An invitation opened from the browser page: show the window and hand the link to the join flow.
  const openInvitation = (invitationLink: string) => {
    showWindow();
    const send = () => events.publish('account.invitationOpened', { invitationLink });
    if (mainWindow.webContents.isLoading()) mainWindow.webContents.once('did-finish-load', send);
    else send();
  };
  handleAppLinks(openInvitation);
  const firstLink = invitationFromArgv(process.argv);
  if (firstLink) openInvitation(firstLink);

  app.on('second-instance', showWindow);
  app.on('activate', () => {
    if (mainWindow.isDestroyed()) mainWindow = openMainWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting clears a copied secret still on the clipboard, forgets an unsaved recovery kit, wipes the key
// material and stops the crypto worker threads.
app.on('will-quit', () => {
  stopLifecycle?.();
  void desktop?.dispose();
});
