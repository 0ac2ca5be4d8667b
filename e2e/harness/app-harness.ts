// The e2e harness of docs/ARCHITECTURE.md ("Testing without an Electron binary"): the built renderer served over HTTP by
// the app's own app:// handler, with `window.tessera` installed by the real preload bridge whose calls reach
// the real router and services in this process. Only the Electron shell is replaced.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Frame, Page } from '@playwright/test';
import { contract, type EventName, type EventPayload } from '../../common/ipc';
import { appHandlers } from '../../main/electron/app-handlers';
import { handleAppRequest } from '../../main/electron/app-protocol';
import { createIpcDispatcher, type IpcDispatch, type IpcSender } from '../../main/electron/ipc-dispatch';
import { createEventPublisher, type EventPublisher } from '../../main/electron/ipc-events';
import { AppInfoService } from '../../main/services/app-info.service';
import { HARNESS_BINDING, HARNESS_EVENT } from './names';
import type { PageCustomEventConstructor, PageDocument } from './page-types';

// Used only inside page.evaluate callbacks, which run in the page.
declare const document: PageDocument;
declare const CustomEvent: PageCustomEventConstructor;
import { pageBridgeBundle, projectRoot, rendererDist } from './paths';

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

export interface AppHarness {
  readonly origin: string;
  readonly entryUrl: string;
  /** The lock state the AppInfoService reads; the session service owns this in the app. */
  locked: boolean;
  readonly version: string;
  /** Every call that reached the router, in order. */
  readonly calls: ReadonlyArray<{ readonly method: unknown; readonly payload: unknown; readonly sender: IpcSender }>;
  /** Sends a contract event to a page, as main's publisher does to a window. */
  publish<E extends EventName>(page: Page, event: E, payload: EventPayload<E>): Promise<void>;
  close(): Promise<void>;
}

/** Wires a browser context to the real main-side IPC stack and serves the renderer. */
export async function startAppHarness(context: BrowserContext): Promise<AppHarness> {
  const server = await startRendererServer();
  const pkg = JSON.parse(await readFile(`${projectRoot}/package.json`, 'utf8')) as { version: string };
  const calls: Array<{ method: unknown; payload: unknown; sender: IpcSender }> = [];

  const harness: AppHarness = {
    origin: server.origin,
    entryUrl: `${server.origin}/index.html`,
    locked: true,
    version: pkg.version,
    calls,
    async publish(page, event, payload) {
      const deliveries: Array<Promise<unknown>> = [];
      const publisher: EventPublisher = createEventPublisher((channel, checked) => {
        deliveries.push(
          page.evaluate(
            ([name, detail]) => document.dispatchEvent(new CustomEvent(name, { detail })),
            [HARNESS_EVENT, { channel, payload: checked }] as const,
          ),
        );
      });
      publisher.publish(event, payload);
      await Promise.all(deliveries);
    },
    close: () => server.close(),
  };

  const appInfo = new AppInfoService({ version: pkg.version, platform: process.platform, lockState: { isLocked: () => harness.locked } });
  const dispatch: IpcDispatch = createIpcDispatcher({
    contract,
    handlers: { ...appHandlers(appInfo) },
    appOrigin: server.origin,
    onInternalError: (method, error) => console.error(`IPC ${method} failed in the harness:`, error),
  });

  await context.exposeBinding(HARNESS_BINDING, async ({ frame }, method: unknown, payload: unknown) => {
    const sender = senderOf(frame);
    calls.push({ method, payload, sender });
    return dispatch(sender, method, payload);
  });
  await context.addInitScript({ path: pageBridgeBundle });
  return harness;
}
