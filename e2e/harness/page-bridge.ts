// Runs in the page before any of its scripts (a Playwright init script), standing in for Electron's preload:
// it installs `window.tessera` with the REAL bridge code, whose transport is the Playwright binding that
// reaches the real router in the test process, and whose events arrive as DOM events the harness dispatches.
// First, as in the preload: no schema may be built before Zod's compiled parsers are turned off.
import '../../preload/zod-jitless';
import { eventChannel } from '../../common/ipc';
import { buildTesseraApi, type Invoke, type Subscribe } from '../../preload/bridge';
import { HARNESS_BINDING, HARNESS_EVENT } from './names';
import type { PageCustomEvent, PageDocument, PageEvent, PageWindow } from './page-types';

declare const window: PageWindow;
declare const document: PageDocument;

type Binding = (method: string, payload: unknown) => Promise<unknown>;

const invoke: Invoke = (method, payload) => {
  const binding = window[HARNESS_BINDING];
  if (typeof binding !== 'function') return Promise.reject(new Error('The harness binding is missing'));
  return (binding as Binding)(method, payload);
};

const subscribe: Subscribe = (event, listener) => {
  const channel = eventChannel(event);
  const handler = (domEvent: PageEvent) => {
    const detail = (domEvent as PageCustomEvent<{ channel?: unknown; payload?: unknown } | null>).detail;
    if (detail?.channel === channel) listener(detail.payload);
  };
  document.addEventListener(HARNESS_EVENT, handler);
  return () => document.removeEventListener(HARNESS_EVENT, handler);
};

// Like contextBridge.exposeInMainWorld: a read-only global the page cannot replace.
Object.defineProperty(window, 'tessera', {
  value: buildTesseraApi(invoke, subscribe),
  enumerable: true,
  writable: false,
  configurable: false,
});
