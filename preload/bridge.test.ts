// The bridge wired to the real dispatcher and the real app-info service, the way the preload wires it to
// ipcRenderer; events go through the real publisher.
import { describe, expect, it } from 'vitest';
import { contract } from '../common/ipc';
import { appHandlers } from '../main/electron/app-handlers';
import { createIpcDispatcher, type IpcSender } from '../main/electron/ipc-dispatch';
import { createEventPublisher } from '../main/electron/ipc-events';
import { AppInfoService } from '../main/services/app-info.service';
import { eventChannel } from '../common/ipc';
import { buildTesseraApi, type Invoke, type Subscribe } from './bridge';

function wire(sender: IpcSender = { url: 'app://tessera/index.html', isMainFrame: true }) {
  const appInfo = new AppInfoService({ version: '3.1.4', platform: 'darwin', lockState: { isLocked: () => true } });
  const dispatch = createIpcDispatcher({ contract, handlers: appHandlers(appInfo) });
  const calls: Array<{ method: string; payload: unknown }> = [];
  const invoke: Invoke = (method, payload) => {
    calls.push({ method, payload });
    return dispatch(sender, method, payload);
  };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe: Subscribe = (event, listener) => {
    const channel = eventChannel(event);
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(listener);
    return () => listeners.get(channel)!.delete(listener);
  };
  const publisher = createEventPublisher((channel, payload) => listeners.get(channel)?.forEach((l) => l(payload)));
  const deliverRaw = (event: string, payload: unknown) => listeners.get(eventChannel(event))?.forEach((l) => l(payload));
  return { api: buildTesseraApi(invoke, subscribe), calls, publisher, deliverRaw, listeners };
}

describe('preload bridge', () => {
  it('exposes one function per contract method, grouped by domain, and nothing generic', () => {
    const { api } = wire();
    expect(Object.keys(api).sort()).toEqual(['account', 'admin', 'app', 'bulk', 'clipboard', 'generator', 'groups', 'on', 'policy', 'quick', 'secret', 'session', 'settings', 'share', 'sync', 'users', 'vault']);
    for (const method of Object.keys(contract)) {
      const [domain, verb] = method.split('.') as [string, string];
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[domain]?.[verb]).toBe('function');
    }
    expect(Object.keys(api.app)).toEqual(['info']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
    for (const generic of ['invoke', 'send', 'ipcRenderer', 'call']) expect(generic in api).toBe(false);
  });

  it('calls app.info through the router and returns its value', async () => {
    const { api, calls } = wire();
    expect(await api.app.info()).toEqual({ ok: true, value: { version: '3.1.4', platform: 'darwin', locked: true } });
    expect(calls).toEqual([{ method: 'app.info', payload: undefined }]);
  });

  it('leaves payload checking to main, which refuses a bad one', async () => {
    const { api } = wire();
    const result = await (api.app.info as (req: unknown) => ReturnType<typeof api.app.info>)({ evil: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('returns main refusing a foreign sender as a result', async () => {
    const { api } = wire({ url: 'https://evil.com/', isMainFrame: true });
    expect(await api.app.info()).toMatchObject({ ok: false, error: { code: 'INVALID_SENDER' } });
  });

  it('turns a failing or malformed transport into INTERNAL', async () => {
    const rejecting = buildTesseraApi(() => Promise.reject(new Error('Error invoking remote method: boom\n  at x.js:1')), () => () => undefined);
    const rejected = await rejecting.app.info();
    expect(rejected).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(rejected)).not.toContain('boom');
    const garbled = buildTesseraApi(() => Promise.resolve({ status: 'fine' }), () => () => undefined);
    expect(await garbled.app.info()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers declared events with their payload only, and unsubscribes', () => {
    const { api, publisher, deliverRaw } = wire();
    const seen: unknown[] = [];
    const off = api.on('session.locked', (payload) => seen.push(payload));
    publisher.publish('session.locked', { reason: 'idle' });
    deliverRaw('session.locked', { reason: 'not-a-reason' });
    off();
    off();
    publisher.publish('session.locked', { reason: 'user' });
    expect(seen).toEqual([{ reason: 'idle' }]);
  });

  it('refuses undeclared events and non-function listeners', () => {
    const { api } = wire();
    expect(() => (api.on as (e: string, l: () => void) => void)('app.info', () => undefined)).toThrow(/Unknown Tessera event/);
    expect(() => (api.on as (e: string, l: () => void) => void)('__proto__', () => undefined)).toThrow(/Unknown Tessera event/);
    expect(() => api.on('vault.changed', 'nope' as never)).toThrow(TypeError);
  });

  it('publisher refuses payloads that break the contract', () => {
    const { publisher } = wire();
    expect(() => publisher.publish('sync.progress', { phase: 'saving', done: 5, total: 1 })).toThrow();
    expect(() => publisher.publish('nope' as never, {} as never)).toThrow(/Undeclared/);
  });
});
