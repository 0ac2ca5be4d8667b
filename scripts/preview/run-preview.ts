// The development preview `npm start` offers where Electron's binary is missing: the real desktop services and
// IPC dispatcher (buildDesktopIpc, as main/index.ts builds them) in this Node process, the built renderer in the
// user's browser, and the preview host between them. Nothing here is part of the packaged app.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../../common/ipc';
import { buildDesktopIpc, type DesktopIpc } from '../../main/electron/desktop-ipc';
import type { Keychain } from '../../main/keychain/keychain';
import { bundlePreviewBridge } from './bundle-bridge';
import { startPreviewHost, type PreviewHost } from './preview-host';
import { browserOpener, downloadsFolder, NO_CLIPBOARD_TOOL, previewClipboard } from './preview-ports';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface PreviewOptions {
  /** The dev folder: the bridge script is built into <devDir>/preview, saved files go to <devDir>/downloads. */
  readonly devDir: string;
  /** The desktop profile (the app's userData folder). */
  readonly profileDir: string;
  /** The OS keychain, or 'none': device keys sealed with each account's passphrase in the profile. */
  readonly keychain: Keychain | 'none';
  /** Whether a passphrase can be remembered (the OS keychain holds it). */
  readonly rememberAvailable: boolean;
  /** The built renderer; dist/renderer by default. */
  readonly rendererRoot?: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Lines for the user's terminal. */
  readonly say: (line: string) => void;
  /** Background sync period; the app's default when absent. */
  readonly syncIntervalMs?: number;
}

export interface RunningPreview {
  readonly origin: string;
  /** The address with the token; print it to the user's own terminal and nowhere else. */
  readonly link: string;
  readonly host: PreviewHost;
  readonly desktop: DesktopIpc;
  /** One sentence for the terminal: the clipboard tool copies go through, or why copies are not made. */
  readonly clipboardNote: string;
  /** Locks the vault, clears a copy still on the clipboard, stops the workers, then the host. */
  stop(): Promise<void>;
}

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const rendererRoot = options.rendererRoot ?? join(projectRoot, 'dist', 'renderer');
  if (!existsSync(join(rendererRoot, 'index.html'))) {
    throw new Error(`${rendererRoot} has no index.html: run \`npm run build\` first (\`npm start\` does).`);
  }
  const bridgeScriptFile = await bundlePreviewBridge(join(options.devDir, 'preview'));
  const host = await startPreviewHost({
    rendererRoot, bridgeScriptFile, ...(options.port ? { port: options.port } : {}), log: options.say,
  });
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const clip = previewClipboard();
  const desktop = buildDesktopIpc({
    userDataDir: options.profileDir, keychain: options.keychain, events: host.events,
    version: pkg.version, platform: process.platform as AppInfo['platform'], appOrigin: host.origin,
    clipboard: clip.clipboard, clipboardUnavailable: clip.unavailable,
    files: downloadsFolder(join(options.devDir, 'downloads'), options.say), openExternal: browserOpener(options.say),
    rememberAvailable: options.rememberAvailable,
    ...(options.syncIntervalMs === undefined ? {} : { syncIntervalMs: options.syncIntervalMs }),
    // The method and the error's message only: the dispatcher never hands over a payload, and a stack is noise here.
    onInternalError: (method, error) => options.say(`Tessera preview: ${method} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  host.connect(desktop.dispatch);

  let stopping: Promise<void> | undefined;
  return {
    origin: host.origin,
    link: host.link,
    host,
    desktop,
    clipboardNote: clip.tool ? `Copies from the window go to the system clipboard through ${clip.tool}.`
      : `Copy in the window: ${clip.unavailable() ?? NO_CLIPBOARD_TOOL}`,
    stop() {
      stopping ??= (async () => {
        try {
          await desktop.dispose();
        } finally {
          await host.close();
        }
      })();
      return stopping;
    },
  };
}
