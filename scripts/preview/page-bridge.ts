// Runs in the browser page before the renderer's own scripts (a classic script the preview host adds to
// index.html), standing in for Electron's preload: it installs `window.tessera` with the REAL bridge code
// (preload/bridge.ts), whose transport is HTTP to the preview host on the same origin. Calls carry the token
// from the printed link as a bearer header; events arrive on one long-lived streamed response.
import './zod-jitless';
import { eventChannel } from '../../common/ipc';
import { buildTesseraApi, type Invoke, type Subscribe } from '../../preload/bridge';
import { EVENTS_PATH, IPC_PATH, TOKEN_PARAM, TOKEN_STORAGE_KEY, type PreviewEventFrame } from './names';

// scripts/ is type-checked without the DOM library; these are the few browser globals used here.
interface PageLocation { readonly hash: string; readonly pathname: string; readonly search: string }
interface PageHistory { readonly state: unknown; replaceState(data: unknown, unused: string, url: string): void }
interface PageStorage { getItem(key: string): string | null; setItem(key: string, value: string): void }
declare const window: Record<string, unknown>;
declare const location: PageLocation;
declare const history: PageHistory;
declare const sessionStorage: PageStorage;

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5_000;

/**
 * The token from the link's fragment, kept in sessionStorage so a reload still works, and taken out of the
 * address bar so it is not left on screen, in the history or in a bookmark.
 */
function takeToken(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get(TOKEN_PARAM);
  let stored: string | null = null;
  try {
    if (fromLink) sessionStorage.setItem(TOKEN_STORAGE_KEY, fromLink);
    stored = sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    // Storage refused (a locked-down profile): this page load still works, a reload will not.
  }
  if (fromLink) {
    fragment.delete(TOKEN_PARAM);
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  }
  return stored ?? fromLink;
}

const token = takeToken();
if (!token) {
  console.error(`Tessera preview: this page was opened without its access token. Open the link \`npm start\` printed (it ends in #${TOKEN_PARAM}=…).`);
}
const authorization = `Bearer ${token ?? ''}`;

const invoke: Invoke = async (method, payload) => {
  if (!token) throw new Error('no preview token');
  const response = await fetch(IPC_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: authorization },
    body: JSON.stringify({ method, payload }),
    credentials: 'omit',
  });
  // The bridge turns a rejection into its "could not reach its core process" failure.
  if (!response.ok) throw new Error(`preview host answered ${response.status}`);
  return response.json();
};

const listeners = new Map<string, Set<(payload: unknown) => void>>();

function deliver(block: string): void {
  const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
  if (!data) return;
  let frame: PreviewEventFrame;
  try {
    frame = JSON.parse(data) as PreviewEventFrame;
  } catch {
    return;
  }
  if (typeof frame?.channel !== 'string') return;
  // The bridge checks each payload against the contract before a listener sees it.
  for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
}

/** Reads the event stream until it ends, then connects again; gives up only when the host refuses the token. */
async function streamEvents(retryMs = RETRY_MIN_MS): Promise<void> {
  let nextRetry = Math.min(retryMs * 2, RETRY_MAX_MS);
  try {
    const response = await fetch(EVENTS_PATH, {
      method: 'POST', headers: { Authorization: authorization }, credentials: 'omit',
    });
    if (response.status === 401 || response.status === 403) {
      console.error('Tessera preview: the host refused this page\'s token; open the link `npm start` printed.');
      return;
    }
    if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
    nextRetry = RETRY_MIN_MS;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        deliver(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // The host stopped or restarted: try again below.
  }
  setTimeout(() => void streamEvents(nextRetry), retryMs);
}

const subscribe: Subscribe = (event, listener) => {
  const channel = eventChannel(event);
  let set = listeners.get(channel);
  if (!set) listeners.set(channel, (set = new Set()));
  // A wrapper per subscription, so subscribing the same function twice gives two independent subscriptions.
  const entry = (payload: unknown) => listener(payload);
  set.add(entry);
  return () => set.delete(entry);
};

if (token) void streamEvents();

// Like contextBridge.exposeInMainWorld: a read-only global the page cannot replace.
Object.defineProperty(window, 'tessera', {
  value: buildTesseraApi(invoke, subscribe),
  enumerable: true,
  writable: false,
  configurable: false,
});
