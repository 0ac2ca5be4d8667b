// Electron preload (sandboxed, context-isolated): exposes `window.tessera` built from the contract, with
// ipcRenderer kept on this side of the bridge.
// First: no schema may be built before Zod's compiled parsers are turned off (zod-jitless.ts says why).
import './zod-jitless';
import { contextBridge, ipcRenderer } from 'electron';
import { eventChannel, methodChannel } from '../common/ipc';
import { buildTesseraApi } from './bridge';

const api = buildTesseraApi(
  (method, payload) => ipcRenderer.invoke(methodChannel(method), payload),
  (event, listener) => {
    const channel = eventChannel(event);
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
);

contextBridge.exposeInMainWorld('tessera', api);
