// The preview's paths and names, shared by the host (Node) and the page bridge (browser). The IPC path doubles
// as the marker the packaged-bundle test searches for: it must never appear in dist/.
export const PREVIEW_PREFIX = '/__tessera/';
export const IPC_PATH = '/__tessera/ipc';
export const EVENTS_PATH = '/__tessera/events';
export const BRIDGE_SCRIPT_PATH = '/__tessera/preview-bridge.js';
/** The link's fragment parameter carrying the token (a fragment never reaches the server or its logs). */
export const TOKEN_PARAM = 'token';
/** Where the page keeps the token so a reload keeps working (per tab, gone when the tab closes). */
export const TOKEN_STORAGE_KEY = 'tessera.preview.token';
/** One server-sent event per line pair: `data: {"channel":…,"payload":…}`. */
export interface PreviewEventFrame {
  readonly channel: string;
  readonly payload: unknown;
}
