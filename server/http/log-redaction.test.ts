// What the server's logger censors: credential fields at the top level and one level down of a logged object
// (the caller's object untouched), header objects by their exact paths, checked on the function and on the
// real app's logger; the access line still carries its request id and route.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { censorCredentials, CREDENTIAL_FIELDS } from './log-redaction';
import { buildDeps, type Deps } from '../composition';
import { configFromOptions } from '../config';
import { createSqliteDatabase, type TestDatabase } from '../test-support/databases';
import { installFixtureKeys } from '../test-support/fixture-keys';

describe('censorCredentials', () => {
  it('censors every credential field at the top level and one level down, and copies instead of changing', () => {
    for (const field of CREDENTIAL_FIELDS) {
      const nested = { kept: 1, [field]: 'SECRET' };
      const entry = { [field]: 'TOP', body: nested, other: 'x' };
      const out = censorCredentials(entry);
      expect(out).toEqual({ [field]: '[redacted]', body: { kept: 1, [field]: '[redacted]' }, other: 'x' });
      expect(entry).toEqual({ [field]: 'TOP', body: { kept: 1, [field]: 'SECRET' }, other: 'x' });
    }
  });

  it('returns the same object when there is nothing to censor', () => {
    const entry = { method: 'GET', route: '/x', status: 200, ms: 1, nested: { a: 1 }, list: [{ token: 't' }], none: null };
    expect(censorCredentials(entry)).toBe(entry);
  });
});

describe('the app logger', () => {
  let database: TestDatabase;
  let dataDir: string;
  let deps: Deps;
  let app: FastifyInstance;
  const lines: string[] = [];
  const logged = () => lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    database = await createSqliteDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'));
    await installFixtureKeys(dataDir);
    const config = configFromOptions({ data: dataDir, db: database.url, host: '127.0.0.1', port: '0' },
      { ...process.env, TESSERA_LOG_LEVEL: 'info' });
    deps = await buildDeps(config);
    app = await buildApp(deps, { logStream: { write: (line: string) => { lines.push(line); return true; } } as never });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('censors credentials that slip into a log call, nested or in a header object', async () => {
    lines.length = 0;
    app.log.info({ body: { user_id: 'u', refresh_token: 'REFRESH-SECRET' }, password: 'PASS-SECRET' }, 'slip');
    app.log.child({ reqId: 'r1' }).warn({ headers: { authorization: 'Bearer JWT-SECRET', accept: 'x' } }, 'slip2');
    app.log.info({ headers: { cookie: 'COOKIE-SECRET' } }, 'slip3');
    await new Promise((r) => setImmediate(r));
    const text = lines.join('');
    for (const secret of ['REFRESH-SECRET', 'PASS-SECRET', 'JWT-SECRET', 'COOKIE-SECRET']) expect(text).not.toContain(secret);
    const [first, second, third] = logged();
    expect(first).toMatchObject({ msg: 'slip', body: { user_id: 'u', refresh_token: '[redacted]' }, password: '[redacted]' });
    expect(second).toMatchObject({ msg: 'slip2', reqId: 'r1', headers: { authorization: '[redacted]', accept: 'x' } });
    expect(third).toMatchObject({ msg: 'slip3', headers: { cookie: '[redacted]' } });
  });

  it('writes one access line per request with its request id, route pattern and status', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/healthcheck/status.json' });
    expect(res.statusCode).toBe(200);
    await new Promise((r) => setImmediate(r));
    const access = logged().filter((l) => l.msg === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 30, method: 'GET', route: '/healthcheck/status', status: 200 });
    expect(access[0]!.reqId).toEqual(expect.any(String));
  });
});
