// The desktop services behind the IPC dispatcher, built once the same way for the app (main/index.ts), the e2e
// harness and the dev preview. Free of Electron: what differs between them is passed in as ports (the system
// clipboard, saving a file, opening the browser) and the origin allowed to call.
import type { AppInfo } from '../../common/ipc';
import { contract } from '../../common/ipc';
import { AppInfoService } from '../services/app-info.service';
import { ClipboardService, type SystemClipboard } from '../services/clipboard.service';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import { SettingsService } from '../services/settings.service';
import { SyncMonitor } from '../services/sync-monitor';
import { buildDesktopServices, type DesktopServices, type DesktopServicesOptions } from './desktop-services';
import { createIpcDispatcher, type IpcDispatch } from './ipc-dispatch';
import { join } from 'node:path';
import { createIpcHandlers, type OpenExternalPort, type QuickWindowPort, type SaveFilePort, type ShortcutStatePort } from './ipc-handlers';

export interface DesktopIpcOptions extends DesktopServicesOptions {
  readonly version: string;
  readonly platform: AppInfo['platform'];
  /** The only origin whose main frame may call. */
  readonly appOrigin: string;
  readonly clipboard: SystemClipboard;
  /** Why copies cannot reach a system clipboard here, if they cannot. */
  readonly clipboardUnavailable?: () => string | undefined;
  readonly files: SaveFilePort;
  readonly openExternal: OpenExternalPort;
  /** The quick-access shortcut's state; where there is no global shortcut (the preview, tests), a sentence why. */
  readonly shortcut?: ShortcutStatePort;
  /** The quick-access window; absent where there is none (the preview and tests show it in the same page). */
  readonly quickWindow?: QuickWindowPort;
  /** Whether a passphrase can be remembered (an OS keychain is reachable). */
  readonly rememberAvailable: boolean;
  /** Background sync period while unlocked; 0 disables (tests). */
  readonly syncIntervalMs?: number;
  /** Told about failures the renderer sees only as INTERNAL; must not log payloads. */
  readonly onInternalError?: (method: string, error: unknown) => void;
}

export interface DesktopIpc {
  readonly services: DesktopServices;
  readonly clipboard: ClipboardService;
  readonly syncMonitor: SyncMonitor;
  readonly settings: SettingsService;
  readonly dispatch: IpcDispatch;
  /** Clears our clipboard copy, forgets unsaved recovery kits, locks and stops the worker threads. */
  dispose(): Promise<void>;
}

export function buildDesktopIpc(options: DesktopIpcOptions): DesktopIpc {
  // Preferences apply to the services as they change (and once now, from the saved file).
  const settings = new SettingsService(join(options.userDataDir, 'settings.json'));
  const services = buildDesktopServices({
    ...options,
    // The breach check asks the range API in Settings at each check, so a change applies at once.
    checker: options.checker ?? new PassphrasePolicyService({ rangeUrl: () => settings.get().rangeApiUrl }),
  });
  const clipboard = new ClipboardService(services.session, services.secrets, options.clipboard);
  const syncMonitor = new SyncMonitor(services.session, services.sync, options.events,
    options.syncIntervalMs === undefined ? {} : { intervalMs: options.syncIntervalMs });
  const appInfo = new AppInfoService({ version: options.version, platform: options.platform, lockState: services.session });
  const pendingKits = new Map<string, string>();
  const shortcut = options.shortcut ?? { state: () => ({ registered: false, message: 'The quick-access shortcut works in the desktop app only.' }) };
  const stopApplying = settings.subscribe((s) => {
    // An explicit idle time (tests) wins over the saved preference.
    if (options.idleLockMs === undefined) services.session.setIdleLock(s.autoLockMinutes * 60_000);
    clipboard.setClearAfter(s.clipboardClearSeconds * 1000);
    services.pool.setFastSessionKeys(s.fastCrypto);
  });
  const handlers = createIpcHandlers({
    services, appInfo, clipboard, syncMonitor, settings, shortcut, events: options.events,
    quickWindow: options.quickWindow ?? { hide: () => undefined, openMain: () => undefined }, files: options.files, openExternal: options.openExternal,
    rememberAvailable: options.rememberAvailable, pendingKits,
    ...(options.clipboardUnavailable ? { clipboardUnavailable: options.clipboardUnavailable } : {}),
  });
  const dispatch = createIpcDispatcher({
    contract, handlers, appOrigin: options.appOrigin,
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  return {
    services, clipboard, syncMonitor, settings, dispatch,
    async dispose() {
      stopApplying();
      syncMonitor.dispose();
      pendingKits.clear();
      await clipboard.dispose().catch(() => false);
      await services.dispose();
    },
  };
}
