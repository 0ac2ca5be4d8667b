// Builds the preload with its real Vite config and runs the bundle the way Electron runs a sandboxed preload:
// a CommonJS wrapper whose `require` knows only 'electron'. The Electron side (contextBridge, ipcRenderer)
// is played by the router core and the event publisher, so calls go all the way to the real service.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type TesseraApi } from '../common/ipc';
import { appHandlers } from '../main/electron/app-handlers';
import { createIpcDispatcher } from '../main/electron/ipc-dispatch';
import { createEventPublisher } from '../main/electron/ipc-events';
import { AppInfoService } from '../main/services/app-info.service';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let bundle: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'tessera-preload-'));
  await build({
    configFile: path.join(projectRoot, 'preload/vite.config.ts'),
    logLevel: 'silent',
    build: { outDir },
  });
  bundle = await readFile(path.join(outDir, 'index.cjs'), 'utf8');
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function runSandboxedPreload() {
  const dispatch = createIpcDispatcher({
    contract,
    handlers: appHandlers(new AppInfoService({ version: '9.9.9', platform: 'win32', lockState: { isLocked: () => true } })),
  });
  const appFrame = { url: 'app://tessera/index.html', isMainFrame: true };
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        const method = channel.startsWith('tessera:') ? channel.slice('tessera:'.length) : channel;
        return dispatch(appFrame, method, args[0]);
      },
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.get(channel)?.delete(listener),
    },
  };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id} (a sandboxed preload can only require electron)`);
  };
  const module = { exports: {} };
  // Like Electron's sandboxed preload: a function wrapper with require/module/exports and no Node globals.
  const context = vm.createContext({ console, Promise, setTimeout, clearTimeout, queueMicrotask });
  const wrapper = vm.runInContext(`(function (exports, require, module) {\n${bundle}\n})`, context) as (...args: unknown[]) => void;
  wrapper(module.exports, sandboxRequire, module);
  const publisher = createEventPublisher((channel, payload) => listeners.get(channel)?.forEach((l) => l({ sender: 'ipc event' }, payload)));
  return { api: exposed.get('tessera') as TesseraApi, exposed, required, publisher };
}

describe('preload bundle', () => {
  it('is one CommonJS file that requires nothing but electron', () => {
    const requires = [...bundle.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(bundle).not.toMatch(/\bimport\s*\(|import\.meta/);
  });

  it('exposes only window.tessera, which reaches the service through ipcRenderer', async () => {
    const { api, exposed, required } = runSandboxedPreload();
    expect([...exposed.keys()]).toEqual(['tessera']);
    expect(required).toEqual(['electron']);
    expect(await api.app.info()).toEqual({ ok: true, value: { version: '9.9.9', platform: 'win32', locked: true } });
    expect(await (api.app.info as (req: unknown) => Promise<unknown>)({ x: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('delivers events without the IPC event object and stops after unsubscribe', () => {
    const { api, publisher } = runSandboxedPreload();
    const seen: unknown[] = [];
    const off = api.on('vault.changed', (...args: unknown[]) => seen.push(args));
    publisher.publish('vault.changed', { resourceIds: ['6f1c2a8e-3b7d-4e2f-9a10-5c4d3e2f1a0b'] });
    off();
    publisher.publish('vault.changed', { resourceIds: [] });
    expect(seen).toEqual([[{ resourceIds: ['6f1c2a8e-3b7d-4e2f-9a10-5c4d3e2f1a0b'] }]]);
  });
});
