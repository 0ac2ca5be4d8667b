// The e2e harness of docs/ARCHITECTURE.md ("Testing without an Electron binary"): the built renderer served over HTTP by
// the app's own app:// handler, with `window.tessera` installed by the real preload bridge whose calls reach
// buildDesktopIpc — the real dispatcher, handlers and services — in this process, talking to a real server.
// Only the Electron shell is replaced, by ports a test can read back: an in-memory clipboard, a save dialog
// that writes into a temporary folder, and a browser that records the addresses it was asked to open.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Frame } from '@playwright/test';
import type { EventName, EventPayload } from '../../common/ipc';
import { handleAppRequest } from '../../main/electron/app-protocol';
import { buildDesktopIpc, type DesktopIpc } from '../../main/electron/desktop-ipc';
import type { IpcSender } from '../../main/electron/ipc-dispatch';
import { createEventPublisher, type EventPublisher } from '../../main/electron/ipc-events';
import { MemoryKeychain } from '../../main/keychain/memory-keychain';
import type { PassphraseChecker } from '../../main/services/account.service';
import type { SystemClipboard } from '../../main/services/clipboard.service';
import type { Settings } from '../../common/ipc/settings';
import type { ShortcutState } from '../../main/electron/quick-access-policy';
import { HARNESS_BINDING, HARNESS_EVENT } from './names';
import type { PageCustomEventConstructor, PageDocument } from './page-types';
import { pageBridgeBundle, projectRoot, rendererDist } from './paths';

// Used only inside page.evaluate callbacks, which run in the page.
declare const document: PageDocument;
declare const CustomEvent: PageCustomEventConstructor;

export interface RendererServer {
  /** The origin playing app://tessera. */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves dist/renderer through handleAppRequest, the function behind the app:// protocol. */
export async function startRendererServer(): Promise<RendererServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'invalid'}`);
    void handleAppRequest(new Request(url, { method: req.method ?? 'GET' }), { root: rendererDist, appOrigin: origin })
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The sender facts Electron's senderFrame would give, from a Playwright frame. */
function senderOf(frame: Frame): IpcSender {
  return { url: frame.url(), isMainFrame: frame.parentFrame() === null };
}

/** The clipboard port: what main wrote, and whether it cleared it. */
export class MemoryClipboard implements SystemClipboard {
  text = '';
  readonly writes: string[] = [];
  clears = 0;

  async readText(): Promise<string> {
    return this.text;
  }

  async writeSecret(text: string): Promise<void> {
    this.text = text;
    this.writes.push(text);
  }

  async clear(): Promise<void> {
    this.text = '';
    this.clears += 1;
  }
}

/** The save dialog: writes into a temporary folder, or answers "cancelled" when told to. */
export class TempFiles {
  readonly saved: Array<{ name: string; path: string }> = [];
  cancelNext = false;

  constructor(readonly dir: string) {}

  async save(suggestedName: string, contents: string): Promise<{ saved: boolean; path?: string }> {
    if (this.cancelNext) {
      this.cancelNext = false;
      return { saved: false };
    }
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, suggestedName);
    await writeFile(file, contents, { mode: 0o600 });
    this.saved.push({ name: suggestedName, path: file });
    return { saved: true, path: file };
  }

  read(file: string): Promise<string> {
    return readFile(file, 'utf8');
  }
}

export interface HarnessOptions {
  /** Judges new passphrases; the harness passes one whose breach check asks a local range API. */
  readonly checker?: PassphraseChecker;
  readonly rememberAvailable?: boolean;
  readonly idleLockMs?: number;
  /** Crypto worker threads (default 1, so parallel tests share the machine); benchmarks use the app's count. */
  readonly poolSize?: number;
  /**
   * Plays the desktop's global shortcut: what registering the saved one gave (registered, taken, turned off).
   * Without it the harness says, as the preview does, that the shortcut works in the desktop app only.
   */
  readonly shortcut?: (settings: Settings) => ShortcutState;
}

export interface AppHarness {
  readonly origin: string;
  readonly entryUrl: string;
  readonly version: string;
  /** The profile folder (accounts.json and the sealed caches). */
  readonly profileDir: string;
  readonly desktop: DesktopIpc;
  readonly clipboard: MemoryClipboard;
  readonly files: TempFiles;
  /** Addresses main asked the browser to open. */
  readonly opened: string[];
  /** What the quick-access window was asked to do: hide (Escape, after a copy), or show the main window instead. */
  readonly quickWindow: { hides: number; mainOpens: number };
  /** Every call that reached the dispatcher, in order. */
  readonly calls: ReadonlyArray<{ readonly method: unknown; readonly payload: unknown; readonly sender: IpcSender }>;
  /** Sends a contract event to the context's pages, as main's publisher does to its windows. */
  publish<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
  /** Resolves once every event published so far reached the pages. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Wires a browser context to the real main side (services over a fresh profile) and serves the renderer. */
export async function startAppHarness(context: BrowserContext, options: HarnessOptions = {}): Promise<AppHarness> {
  const server = await startRendererServer();
  const pkg = JSON.parse(await readFile(`${projectRoot}/package.json`, 'utf8')) as { version: string };
  const calls: Array<{ method: unknown; payload: unknown; sender: IpcSender }> = [];
  const profileDir = mkdtempSync(path.join(tmpdir(), 'tessera-e2e-profile-'));
  const clipboard = new MemoryClipboard();
  const files = new TempFiles(path.join(profileDir, 'saved'));
  const opened: string[] = [];
  const quickWindow = { hides: 0, mainOpens: 0 };
  const shortcutOf = options.shortcut;

  // Events reach each page in the order main published them: one delivery chain per harness.
  let deliveries: Promise<unknown> = Promise.resolve();
  const publisher: EventPublisher = createEventPublisher((channel, checked) => {
    for (const page of context.pages()) {
      deliveries = deliveries.then(() => page
        .evaluate(([name, detail]) => document.dispatchEvent(new CustomEvent(name, { detail })), [HARNESS_EVENT, { channel, payload: checked }] as const)
        .catch(() => undefined));
    }
  });

  const desktop = buildDesktopIpc({
    userDataDir: profileDir,
    keychain: new MemoryKeychain(),
    events: publisher,
    version: pkg.version,
    platform: process.platform,
    appOrigin: server.origin,
    clipboard,
    files,
    openExternal: async (url) => {
      opened.push(url);
    },
    ...(shortcutOf ? { shortcut: { state: () => shortcutOf(desktop.settings.get()) } } : {}),
    quickWindow: {
      hide: () => {
        quickWindow.hides += 1;
      },
      openMain: () => {
        quickWindow.mainOpens += 1;
      },
    },
    rememberAvailable: options.rememberAvailable ?? true,
    // Background syncs would race the assertions; tests sync through the window (unlock, Retry) instead.
    syncIntervalMs: 0,
    poolSize: options.poolSize ?? 1,
    ...(options.checker ? { checker: options.checker } : {}),
    ...(options.idleLockMs === undefined ? {} : { idleLockMs: options.idleLockMs }),
    onInternalError: (method, error) => console.error(`IPC ${method} failed in the harness:`, error),
  });

  await context.exposeBinding(HARNESS_BINDING, async ({ frame }, method: unknown, payload: unknown) => {
    const sender = senderOf(frame);
    calls.push({ method, payload, sender });
    return desktop.dispatch(sender, method, payload);
  });
  await context.addInitScript({ path: pageBridgeBundle });

  return {
    origin: server.origin,
    entryUrl: `${server.origin}/index.html`,
    version: pkg.version,
    profileDir,
    desktop,
    clipboard,
    files,
    opened,
    quickWindow,
    calls,
    async publish(event, payload) {
      publisher.publish(event, payload);
      await deliveries;
    },
    settled: () => deliveries.then(() => undefined),
    async close() {
      await desktop.dispose();
      await server.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
