// Electron's security checklist, applied in one place: process sandbox, the privileged app:// scheme serving
// the renderer, hardened web preferences, and guards on every web contents ever created (navigation, new
// windows, <webview>, permissions). The decisions themselves live in security-policy.ts and are unit-tested.
import { app, protocol, session, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { handleAppRequest } from './app-protocol';
import { APP_ORIGIN, APP_SCHEME, externalUrl, isAppOrigin } from './security-policy';

/** Web preferences every window gets. Spellcheck off: enhanced spellcheck sent field contents away (2022). */
export const secureWebPreferences: Readonly<WebPreferences> = Object.freeze({
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
});

/** Must run before `app` is ready: sandbox every renderer, and make app:// a standard, secure scheme. */
export function applyPreReadySecurity(): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Opens a link in the OS browser, only for http(s) after parsing. Returns whether it was opened. */
export async function openExternal(url: string): Promise<boolean> {
  const safe = externalUrl(url);
  if (safe === null) return false;
  await shell.openExternal(safe);
  return true;
}

/** Serves the built renderer on app:// for `ses`, and refuses every permission the web content asks for. */
export function hardenSession(rendererRoot: string, ses: Session = session.defaultSession): void {
  ses.protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, { root: rendererRoot, appOrigin: APP_ORIGIN }));
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}

function guardWebContents(contents: WebContents): void {
  // In-app navigation is never needed (the UI is one page); anything else is an attack or a stray link.
  contents.on('will-navigate', (event, url) => {
    if (!isAppOrigin(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppOrigin(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No new Electron windows from content; http(s) links go to the OS browser.
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url).catch((error: unknown) => console.error('Could not open an external link:', error));
    return { action: 'deny' };
  });
  if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

/** Installs the guards on every web contents created from now on (windows, and anything they spawn). */
export function installWebContentsGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}
