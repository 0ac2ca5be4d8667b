import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, DomainError, ipcErrorCodes } from '../../common/ipc';
import { defineMethods } from '../../common/ipc/define';
import { AppInfoService } from '../services/app-info.service';
import { appHandlers } from './app-handlers';
import { createIpcDispatcher, type IpcSender } from './ipc-dispatch';

const appWindow: IpcSender = { url: 'app://tessera/index.html', isMainFrame: true };

function realAppDispatcher(locked = true) {
  const appInfo = new AppInfoService({ version: '1.2.3', platform: 'linux', lockState: { isLocked: () => locked } });
  const internal: Array<{ method: string; error: unknown }> = [];
  const dispatch = createIpcDispatcher({
    contract,
    handlers: appHandlers(appInfo),
    onInternalError: (method, error) => internal.push({ method, error }),
  });
  return { dispatch, internal };
}

// A small contract of its own so the error paths can be driven without touching the app's.
const testMethods = defineMethods('test', {
  'test.echo': { req: z.object({ text: z.string().max(10) }), res: z.object({ text: z.string() }) },
  'test.fail': { req: z.object({ kind: z.enum(['domain', 'bug', 'string', 'leaky']) }), res: z.null() },
  'test.badAnswer': { req: z.undefined(), res: z.object({ count: z.number() }) },
  'test.extraFields': { req: z.undefined(), res: z.object({ name: z.string() }) },
});

function testDispatcher() {
  const internal: Array<{ method: string; error: unknown }> = [];
  const dispatch = createIpcDispatcher({
    contract: testMethods,
    handlers: {
      'test.echo': ({ text }) => ({ text }),
      'test.fail': ({ kind }) => {
        if (kind === 'domain') throw new DomainError('VAULT_LOCKED', 'Unlock the vault first.');
        if (kind === 'string') throw 'a thrown string';
        if (kind === 'leaky') throw new Error('password=hunter2 at /home/alice/.tessera/key.asc');
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
      // Deliberately breaks the contract to prove the response is checked.
      'test.badAnswer': () => ({ count: 'many' }) as unknown as { count: number },
      'test.extraFields': () => ({ name: 'GitHub', privateKey: '-----BEGIN PGP PRIVATE KEY BLOCK-----' }),
    },
    onInternalError: (method, error) => internal.push({ method, error }),
  });
  return { dispatch, internal };
}

describe('IPC dispatcher: senders', () => {
  it.each<[string, IpcSender]>([
    ['another origin', { url: 'https://evil.com/', isMainFrame: true }],
    ['a look-alike origin', { url: 'app://tessera.evil.com/index.html', isMainFrame: true }],
    ['credentials before a foreign host', { url: 'app://tessera@evil.com/index.html', isMainFrame: true }],
    ['a file:// page', { url: 'file:///tmp/index.html', isMainFrame: true }],
    ['a sub-frame of the app origin', { url: 'app://tessera/index.html', isMainFrame: false }],
    ['a frame that is gone', { url: undefined, isMainFrame: true }],
    ['about:blank', { url: 'about:blank', isMainFrame: true }],
  ])('refuses %s', async (_name, sender) => {
    const { dispatch } = realAppDispatcher();
    const result = await dispatch(sender, 'app.info', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_SENDER', message: expect.any(String) } });
  });

  it('checks the sender before anything else', async () => {
    const { dispatch } = realAppDispatcher();
    const result = await dispatch({ url: 'https://evil.com/', isMainFrame: true }, 'no.such', { junk: true });
    expect(result.ok || result.error.code).toBe('INVALID_SENDER');
  });

  it('accepts an http origin configured as the app origin (the e2e harness)', async () => {
    const dispatch = createIpcDispatcher({
      contract,
      handlers: appHandlers(new AppInfoService({ version: '1.0.0', platform: 'linux', lockState: { isLocked: () => true } })),
      appOrigin: 'http://127.0.0.1:4000',
    });
    expect((await dispatch({ url: 'http://127.0.0.1:4000/index.html', isMainFrame: true }, 'app.info', undefined)).ok).toBe(true);
    expect((await dispatch(appWindow, 'app.info', undefined)).ok).toBe(false);
  });
});

describe('IPC dispatcher: methods and payloads', () => {
  it('answers a valid call with the service value', async () => {
    const { dispatch } = realAppDispatcher(true);
    expect(await dispatch(appWindow, 'app.info', undefined)).toEqual({
      ok: true,
      value: { version: '1.2.3', platform: 'linux', locked: true },
    });
    const unlocked = realAppDispatcher(false);
    expect(await unlocked.dispatch(appWindow, 'app.info', undefined)).toMatchObject({ ok: true, value: { locked: false } });
  });

  it.each([['no.such'], ['app.infoo'], ['toString'], ['__proto__'], ['constructor'], ['hasOwnProperty'], [''], [42], [null], [{}]])(
    'refuses the unknown method %j',
    async (method) => {
      const { dispatch } = realAppDispatcher();
      expect(await dispatch(appWindow, method, undefined)).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: expect.any(String) },
      });
    },
  );

  it.each([[{ bogus: 1 }], ['text'], [0], [null], [[]]])('refuses app.info with payload %j', async (payload) => {
    const { dispatch } = realAppDispatcher();
    const result = await dispatch(appWindow, 'app.info', payload);
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('app.info') } });
  });

  it('names what is wrong with a payload without echoing its values', async () => {
    const { dispatch } = testDispatcher();
    const secret = 'correct horse battery staple';
    const result = await dispatch(appWindow, 'test.echo', { text: secret });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_PAYLOAD');
    expect(result.error.message).toContain('text');
    expect(result.error.message).not.toContain(secret);
  });
});

describe('IPC dispatcher: errors', () => {
  it('passes a domain error through with its stable code and message', async () => {
    const { dispatch, internal } = testDispatcher();
    expect(await dispatch(appWindow, 'test.fail', { kind: 'domain' })).toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: 'Unlock the vault first.' },
    });
    expect(internal).toEqual([]);
  });

  it.each(['bug', 'string', 'leaky'])('maps an unexpected %s error to INTERNAL without its message or stack', async (kind) => {
    const { dispatch, internal } = testDispatcher();
    const result = await dispatch(appWindow, 'test.fail', { kind });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/hunter2|\.tessera|Cannot read|thrown string|at .*\(|\.ts:\d/);
    expect(Object.keys(result)).toEqual(['ok', 'error']);
    // Main still learns what happened.
    expect(internal).toHaveLength(1);
    expect(internal[0]!.method).toBe('test.fail');
  });

  it('still answers INTERNAL when the error reporter itself throws', async () => {
    const dispatch = createIpcDispatcher({
      contract: testMethods,
      handlers: {
        'test.echo': () => ({ text: '' }),
        'test.fail': () => {
          throw new Error('boom');
        },
        'test.badAnswer': () => ({ count: 1 }),
        'test.extraFields': () => ({ name: '' }),
      },
      onInternalError: () => {
        throw new Error('logger down');
      },
    });
    await expect(dispatch(appWindow, 'test.fail', { kind: 'bug' })).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.any(String) },
    });
  });

  it('refuses to send a response that breaks the contract', async () => {
    const { dispatch, internal } = testDispatcher();
    expect(await dispatch(appWindow, 'test.badAnswer', undefined)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.any(String) },
    });
    expect(String(internal[0]?.error)).toContain('test.badAnswer');
  });

  it('strips fields the contract does not declare from a response', async () => {
    const { dispatch } = testDispatcher();
    expect(await dispatch(appWindow, 'test.extraFields', undefined)).toEqual({ ok: true, value: { name: 'GitHub' } });
  });
});

describe('IPC dispatcher: hostile input', () => {
  it('answers any method name, payload and sender with a well-formed result, never a throw', async () => {
    const { dispatch } = realAppDispatcher();
    const sender = fc.record({
      url: fc.oneof(fc.constant('app://tessera/index.html'), fc.webUrl(), fc.string(), fc.constant(undefined)),
      isMainFrame: fc.boolean(),
    });
    const method = fc.oneof(fc.constantFrom('app.info', '__proto__', 'constructor', 'app.'), fc.string(), fc.anything());
    await fc.assert(
      fc.asyncProperty(sender, method, fc.anything(), async (from, name, payload) => {
        const result = await dispatch(from, name, payload);
        if (result.ok) {
          expect(contract['app.info'].res.parse(result.value)).toEqual(result.value);
        } else {
          expect(ipcErrorCodes).toContain(result.error.code);
          expect(typeof result.error.message).toBe('string');
          expect(result.error.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300 },
    );
  });
});
