// The transport conventions, checked against a real server process: envelope on every answer, .json rule,
// api-version, body limit, content types, malformed JSON, unknown routes, security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { TestClient } from '../test-support/test-client';
import { createAdmin } from '../test-support/users';

const ENVELOPE_KEYS = ['action', 'code', 'id', 'message', 'servertime', 'status', 'url'];

describe.each(dialects)('HTTP conventions on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let client: TestClient;
  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url, env: { TESSERA_BODY_LIMIT: '2048' } });
    client = new TestClient(server.url);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  const raw = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

  it('wraps success in the envelope', async () => {
    const res = await client.get('/healthcheck/status.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.header).sort()).toEqual(ENVELOPE_KEYS);
    expect(res.header).toMatchObject({ status: 'success', code: 200, url: '/healthcheck/status.json' });
    expect(res.header.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.header.action).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(Math.abs(res.header.servertime - Date.now() / 1000)).toBeLessThan(60);
    expect(res.body).toBe('OK');
    expect((await raw('/healthcheck/status.json', { method: 'HEAD' })).status).toBe(200);
  });

  it('answers unknown routes, malformed JSON, oversize bodies and wrong content types in the envelope', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/no/such/route.json', {}, 404],
      ['/users.json', { method: 'PATCH' }, 404],
      ['/users/recover.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }, 400],
      ['/users/recover.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x'.repeat(5000) }) }, 413],
      ['/users/recover.json', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415],
      ['/users/recover.json', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, 415],
      ['/users/%E0%A4%A.json', {}, 400],
    ];
    for (const [path, init, status] of cases) {
      const res = await raw(path, init);
      const json = await res.json() as { header: { code: number; status: string; message: string }; body: unknown };
      expect(res.status, path).toBe(status);
      expect(json.header.code, path).toBe(status);
      expect(json.header.status).toBe('error');
      expect(json.body).toBe('');
    }
  });

  it('answers requests the HTTP parser refuses (huge headers, garbage) in the envelope too', async () => {
    const huge = await raw('/healthcheck/status.json', { headers: { 'x-filler': 'a'.repeat(40_000) } });
    expect(huge.status).toBe(431);
    expect(((await huge.json()) as { header: { code: number; status: string } }).header).toMatchObject({ code: 431, status: 'error' });
    const { connect } = await import('node:net');
    const port = Number(new URL(server.url).port);
    const reply = await new Promise<string>((resolve) => {
      let data = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      socket.on('data', (d) => { data += d.toString(); });
      socket.on('close', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)).header.code).toBe(400);
  });

  it('requires .json or an application/json Accept header, and refuses api-version v1', async () => {
    const noSuffix = await raw('/healthcheck/status', { headers: { accept: 'text/html' } });
    expect(noSuffix.status).toBe(404);
    expect(((await noSuffix.json()) as { header: { message: string } }).header.message)
      .toBe('Please use .json extension in URL or accept application/json.');
    expect((await raw('/healthcheck/status', { headers: { accept: 'application/json' } })).status).toBe(200);
    for (const v of ['v1', '1']) {
      const res = await client.get(`/healthcheck/status.json?api-version=${v}`);
      expect(res.status).toBe(400);
      expect(res.header.message).toBe('API v1 support is deprecated in this version.');
    }
    expect((await client.get('/healthcheck/status.json?api-version=v2')).status).toBe(200);
  });

  it('refuses NUL characters in bodies, query strings and path parameters with a 400 (PostgreSQL cannot store them)', async () => {
    const admin = await createAdmin(server);
    const nul = 'The request contains a NUL character, which is not allowed.';
    const answers = [
      await admin.post('/users.json', { username: 'nul@example.com', profile: { first_name: 'a\u0000b', last_name: 'c' } }),
      await admin.post('/users.json', JSON.parse(`${'{"a":['.repeat(100)}"x\\u0000"${']}'.repeat(100)}`)),
      await admin.post('/users.json', { 'key\u0000': 1 }),
      await admin.get('/users.json?filter[search]=%00'),
      await admin.get('/users/%00.json'),
    ];
    for (const res of answers) expect([res.status, res.header.message]).toEqual([400, nul]);
    expect((await admin.get('/users.json?filter[search]=ok')).status).toBe(200);
  });

  it('accepts an empty JSON body (clients send content-type on DELETE)', async () => {
    const res = await raw('/auth/jwt/logout.json', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('sends security headers on every answer, errors included', async () => {
    // The last one is a URL Fastify refuses before routing (a malformed escape).
    for (const path of ['/healthcheck/status.json', '/nope.json', '/users/me.json', '/resources/%zz.json']) {
      const res = await raw(path);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('serves settings: guests get the public part, users more, and never a metadata plugin', async () => {
    type Settings = { app: { url: string; version?: unknown }; passbolt: { plugins: Record<string, unknown> } };
    const guest = await client.get<Settings>('/settings.json');
    expect(guest.status).toBe(200);
    expect(guest.body.app.url).toBe(`${server.url}/`);
    expect(guest.body.app.version).toBeUndefined();
    expect(guest.body.passbolt.plugins).not.toHaveProperty('metadata');
    const bare = await raw('/settings.json?contain[header]=0');
    const parsed = await bare.json() as Record<string, unknown>;
    expect(parsed).not.toHaveProperty('header');
    expect(parsed).toHaveProperty('app.url');
  });
});
