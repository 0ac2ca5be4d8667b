import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';
import {
  contract,
  DomainError,
  domainErrorCodes,
  events,
  ipcErrorCodes,
  isDomainError,
  isEventName,
  isMethodName,
  transportErrorCodes,
  type IpcResult,
  type TesseraApi,
} from './index';

describe('IPC contract', () => {
  it('names every method and event "<domain>.<verb>" with a zod schema', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(name).toMatch(/^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/);
      expect(spec.req).toBeInstanceOf(z.ZodType);
      expect(spec.res).toBeInstanceOf(z.ZodType);
    }
    for (const [name, schema] of Object.entries(events)) {
      expect(name).toMatch(/^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/);
      expect(schema).toBeInstanceOf(z.ZodType);
    }
    expect(Object.keys(events).sort()).toEqual(['account.invitationOpened', 'bulk.progress', 'quick.shown', 'session.locked', 'session.unlocked', 'settings.changed', 'sync.progress', 'sync.status', 'vault.changed']);
  });

  it('declares app.info: no request, {version, platform, locked} back', () => {
    const spec = contract['app.info'];
    expect(spec.req.safeParse(undefined).success).toBe(true);
    expect(spec.req.safeParse({}).success).toBe(false);
    expect(spec.res.parse({ version: '0.1.0', platform: 'linux', locked: true })).toEqual({ version: '0.1.0', platform: 'linux', locked: true });
    expect(spec.res.safeParse({ version: '0.1.0', platform: 'plan9', locked: true }).success).toBe(false);
  });

  it('checks event payloads', () => {
    expect(events['session.locked'].safeParse({ reason: 'idle' }).success).toBe(true);
    expect(events['session.locked'].safeParse({ reason: 'bored' }).success).toBe(false);
    expect(events['sync.progress'].safeParse({ phase: 'decrypting', done: 3, total: 10 }).success).toBe(true);
    expect(events['sync.progress'].safeParse({ phase: 'decrypting', done: 11, total: 10 }).success).toBe(false);
    expect(events['vault.changed'].safeParse({ resourceIds: ['0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e'] }).success).toBe(true);
    expect(events['vault.changed'].safeParse({ resourceIds: ['not-a-uuid'] }).success).toBe(false);
  });

  it('bounds every request: oversized strings and windows are refused before a service runs', () => {
    expect(contract['vault.query'].req.safeParse({ search: 'x'.repeat(257) }).success).toBe(false);
    expect(contract['vault.query'].req.safeParse({ limit: 501 }).success).toBe(false);
    expect(contract['vault.query'].req.parse({})).toEqual({ search: '', filter: { kind: 'all' }, sort: 'name', offset: 0, limit: 100 });
    expect(contract['session.unlock'].req.safeParse({ accountId: 'not-a-uuid', passphrase: 'p' }).success).toBe(false);
    expect(contract['session.unlock'].req.safeParse({ accountId: '0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e', passphrase: 'p'.repeat(1025) }).success).toBe(false);
    expect(contract['account.importKit'].req.safeParse({ serverUrl: 'https://x', armoredPrivateKey: 'k'.repeat(65_537), passphrase: 'p' }).success).toBe(false);
    expect(contract['clipboard.copy'].req.safeParse({ resourceId: '0b9f0e4a-5b8e-4c5e-9d38-2b8f8b2f1d1e', field: 'description' }).success).toBe(false);
    expect(contract['vault.create'].req.safeParse({ name: '', password: 'x' }).success).toBe(false);
  });

  it('never answers with a private key or a passphrase: no response schema has such a field', () => {
    const forbidden = /private|passphrase$|recoveryKit|armored/i;
    const walk = (schema: z.ZodType, path: string): string[] => {
      const def = (schema as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[] } }).def;
      if (def.type === 'object' && def.shape) {
        return Object.entries(def.shape).flatMap(([k, v]) => [...(forbidden.test(k) ? [`${path}.${k}`] : []), ...walk(v, `${path}.${k}`)]);
      }
      const inner = def.element ?? def.innerType;
      if (inner) return walk(inner, path);
      return (def.options ?? []).flatMap((o) => walk(o, path));
    };
    // The walk itself must see nested and optional fields, or this test could not fail.
    expect(walk(z.object({ a: z.array(z.object({ privateKey: z.string().optional() })) }), 'probe')).toEqual(['probe.a.privateKey']);
    const found = Object.entries(contract).flatMap(([name, spec]) => walk(spec.res, name));
    expect(found).toEqual([]);
  });

  it('recognises only own names', () => {
    expect(isMethodName('app.info')).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(isEventName('session.locked')).toBe(true);
    expect(isEventName('app.info')).toBe(false);
  });

  it('refuses a domain file whose names are not its own', () => {
    expect(() => defineMethods('vault', { 'share.add': { req: z.undefined(), res: z.null() } } as never)).toThrow(/vault/);
    expect(() => defineMethods('vault', { vaultlist: { req: z.undefined(), res: z.null() } } as never)).toThrow();
    expect(() => defineEvents('sync', { 'sync.a.b': z.null() } as never)).toThrow();
    expect(() => defineMethods('on', { 'on.x': { req: z.undefined(), res: z.null() } })).toThrow(/reserved/);
    expect(Object.keys(defineMethods('share', { 'share.simulate': { req: z.undefined(), res: z.null() } }))).toEqual(['share.simulate']);
  });

  it('keeps error codes unique and tells domain errors apart', () => {
    expect(new Set(ipcErrorCodes).size).toBe(ipcErrorCodes.length);
    expect(ipcErrorCodes).toEqual([...transportErrorCodes, ...domainErrorCodes]);
    expect(isDomainError(new DomainError('NOT_FOUND', 'No such resource.'))).toBe(true);
    expect(isDomainError(new Error('NOT_FOUND'))).toBe(false);
    expect(isDomainError({ code: 'NOT_FOUND', message: 'forged' })).toBe(false);
  });

  it('derives window.tessera from the contract', () => {
    expectTypeOf<TesseraApi['app']['info']>().returns.resolves.toEqualTypeOf<
      IpcResult<{ version: string; platform: z.infer<typeof contract['app.info']['res']>['platform']; locked: boolean }>
    >();
    expectTypeOf<Parameters<TesseraApi['on']>[0]>().toEqualTypeOf<
      'account.invitationOpened' | 'bulk.progress' | 'quick.shown' | 'session.locked' | 'session.unlocked' | 'settings.changed' | 'sync.progress' | 'sync.status' | 'vault.changed'
    >();
    expectTypeOf<keyof TesseraApi>().toEqualTypeOf<
      'app' | 'account' | 'session' | 'vault' | 'secret' | 'clipboard' | 'sync' | 'generator' | 'policy' | 'settings' | 'quick' | 'share' | 'groups' | 'users' | 'admin' | 'bulk' | 'on'
    >();
  });
});
