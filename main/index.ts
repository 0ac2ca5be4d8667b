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
import { createQuickAccess, type QuickAccess } from './electron/quick-access';
import { displayAccelerator, isWayland } from './electron/quick-access-policy';
import { profileDirFromEnv } from './electron/profile-dir';
import { applyPreReadySecurity, hardenSession, installWebContentsGuards } from './electron/security';
import { APP_ORIGIN } from './electron/security-policy';
import { createAppTray, type AppTray } from './electron/tray';
import { createMainWindow } from './electron/windows';
import { electronClipboard } from './electron/system-clipboard';
import { capYoungGeneration } from './electron/young-generation';

// First, before the windows and services allocate: a sync burst must not leave 60 MB of idle young generation behind.
capYoungGeneration();

// These must happen before `ready`.
applyPreReadySecurity();
installWebContentsGuards();
// On Wayland a global shortcut goes through the desktop's GlobalShortcuts portal, which Electron uses only when asked.
if (isWayland({ platform: process.platform, sessionType: process.env.XDG_SESSION_TYPE })) {
  app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}
// A profile folder given by the environment (the dev setup's .tessera-dev/desktop) replaces userData. Before
// the single-instance lock, which is per userData, so two profiles can run side by side.
const profileDir = profileDirFromEnv(process.env, process.cwd());
if (profileDir) app.setPath('userData', profileDir);

let desktop: DesktopIpc | undefined;
let stopLifecycle: (() => void) | undefined;
let quick: QuickAccess | undefined;
let tray: AppTray | undefined;
/** Set once the user really quits, so closing the window to the tray does not get in the way. */
let quitting = false;

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
    shortcut: { state: () => quick?.state() ?? { registered: false } },
    quickWindow: {
      hide: () => quick?.hide(),
      openMain: () => {
        quick?.hide();
        showWindow();
      },
    },
    onInternalError: (method, error) => console.error(`IPC ${method} failed:`, error),
  });
  const { settings } = desktop;
  const { session } = desktop.services;
  // Suspend and screen lock lock the vault; activity on the computer keeps the idle auto-lock from firing.
  stopLifecycle = wireSessionLifecycle(desktop.services.session);
  registerIpcRouter(desktop.dispatch);

  const preloadPath = path.join(distDir, 'preload', 'index.cjs');
  const openMainWindow = () => {
    const window = createMainWindow({ preloadPath });
    // With a tray, closing the window keeps Tessera running there (a setting); without one, closing quits.
    window.on('close', (event) => {
      if (!quitting && tray && settings.get().closeToTray) {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      if (!quitting && !(tray && settings.get().closeToTray) && process.platform !== 'darwin') app.quit();
    });
    return window;
  };
  let mainWindow = openMainWindow();
  function showWindow(): void {
    if (mainWindow.isDestroyed()) mainWindow = openMainWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  // Quick access: one hidden window, shown by the global shortcut or the tray; the shortcut follows Settings.
  quick = createQuickAccess({ preloadPath, onShown: () => events.publish('quick.shown', {}) });
  // The tray names the shortcut only while it works (turned on and registered).
  const quickSearchLabel = () => {
    const { quickAccessEnabled, quickAccessShortcut } = settings.get();
    const registered = quick?.state().registered ?? false;
    return quickAccessEnabled && registered ? `Quick search (${displayAccelerator(quickAccessShortcut, process.platform)})` : 'Quick search';
  };
  const stopShortcut = settings.subscribe((s) => {
    quick?.applyShortcut(s.quickAccessEnabled, s.quickAccessShortcut);
    tray?.setQuickSearchLabel(quickSearchLabel());
  });
  tray = createAppTray({
    quickSearch: () => quick?.show(),
    openWindow: showWindow,
    syncNow: () => void desktop?.syncMonitor.run().catch(() => undefined),
    lock: () => session.lock('user'),
    quit: () => app.quit(),
  }, quickSearchLabel());
  session.onLock(() => tray?.setLocked(true));
  session.onUnlock(() => tray?.setLocked(false));
  app.on('before-quit', () => {
    quitting = true;
    stopShortcut();
  });
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

// The quick-access window stays (hidden), so this fires only if it was destroyed too.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin' && !tray) app.quit();
});

// Quitting clears a copied secret still on the clipboard, forgets an unsaved recovery kit, wipes the key
// material and stops the crypto worker threads.
app.on('will-quit', () => {
  stopLifecycle?.();
  quick?.dispose();
  tray?.dispose();
  void desktop?.dispose();
});
