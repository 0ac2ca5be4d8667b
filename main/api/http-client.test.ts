// The transport against a real local HTTP server: URL shape, envelope parsing, typed errors, bearer renewal.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiBadResponseError, ApiHttpError, ApiSessionExpiredError, ApiUnavailableError, CancelledError } from './api-errors';
import { AccessTokenManager } from './access-token-manager';
import { AuthApi, readCookie } from './auth-api';
import { HttpClient } from './http-client';
import { buildUrl, normaliseBaseUrl } from './url';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler = () => undefined;
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];

function envelope(res: ServerResponse, status: number, body: unknown, message = 'OK', headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ header: { id: 'x', status: status < 400 ? 'success' : 'error', servertime: 1_800_000_000, message, code: status, url: '/' }, body }));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('buildUrl', () => {
  it('adds .json and api-version, encodes contains, boolean, scalar and array filters', () => {
    const url = new URL(buildUrl('https://pb.example.com/sub/', '/resources', {
      contain: { permission: true, 'permissions.user.profile': true, secret: false },
      filter: { 'is-favorite': true, 'has-id': ['a', 'b'], 'modified-after': 5, skipped: undefined },
      sort: 'Resources.modified', direction: 'desc', limit: 10, page: 2,
    }));
    expect(url.pathname).toBe('/sub/resources.json');
    expect(url.searchParams.get('api-version')).toBe('v2');
    expect(url.searchParams.get('contain[permission]')).toBe('1');
    expect(url.searchParams.get('contain[permissions.user.profile]')).toBe('1');
    expect(url.searchParams.get('contain[secret]')).toBe('0');
    expect(url.searchParams.get('filter[is-favorite]')).toBe('1');
    expect(url.searchParams.getAll('filter[has-id][]')).toEqual(['a', 'b']);
    expect(url.searchParams.get('filter[modified-after]')).toBe('5');
    expect(url.searchParams.has('filter[skipped]')).toBe(false);
    expect(url.searchParams.get('sort')).toBe('Resources.modified');
    expect(url.searchParams.get('limit')).toBe('10');
  });

  it('normalises a typed server URL and refuses other schemes', () => {
    expect(normaliseBaseUrl(' https://pb.example.com/team/?x=1#y ')).toBe('https://pb.example.com/team');
    expect(() => normaliseBaseUrl('file:///etc/passwd')).toThrow(/scheme/);
    expect(() => normaliseBaseUrl('not a url')).toThrow();
  });
});

describe('HttpClient', () => {
  it('parses a success envelope and checks the body with a schema', async () => {
    handler = (_req, _b, res) => envelope(res, 200, { a: 1 });
    const http = new HttpClient(base);
    const res = await http.get('/thing', { schema: z.object({ a: z.number() }) });
    expect(res.body).toEqual({ a: 1 });
    expect(res.header.status).toBe('success');
    expect(seen.at(-1)?.url).toBe('/thing.json?api-version=v2');
  });

  it('maps an error envelope to ApiHttpError with the message and field-keyed body', async () => {
    handler = (_req, _b, res) => envelope(res, 400, { name: { _empty: 'The name should not be empty.' } }, 'Could not validate resource data.');
    const error = await new HttpClient(base).post('/resources', { body: { name: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiHttpError);
    const http = error as ApiHttpError;
    expect(http.status).toBe(400);
    expect(http.message).toBe('Could not validate resource data.');
    expect(http.fieldErrors).toEqual({ name: { _empty: 'The name should not be empty.' } });
    expect(JSON.parse(seen.at(-1)?.body ?? '')).toEqual({ name: '' });
  });

  it('keeps the body of an error that is not a validation error', async () => {
    handler = (_req, _b, res) => envelope(res, 404, '', 'The resource does not exist.');
    const error = (await new HttpClient(base).get('/resources/x').catch((e: unknown) => e)) as ApiHttpError;
    expect(error.status).toBe(404);
    expect(error.body).toBe('');
    expect(error.fieldErrors).toBeUndefined();
  });

  it('reports a non-JSON answer or a body of the wrong shape as a bad response', async () => {
    handler = (_req, _b, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<html>proxy login</html>'); };
    await expect(new HttpClient(base).get('/x')).rejects.toBeInstanceOf(ApiBadResponseError);
    handler = (_req, _b, res) => envelope(res, 200, { a: 'nope' });
    await expect(new HttpClient(base).get('/x', { schema: z.object({ a: z.number() }) })).rejects.toThrow(/body\.a/);
    handler = (_req, _b, res) => { res.writeHead(502); res.end('Bad gateway'); };
    const error = (await new HttpClient(base).get('/x').catch((e: unknown) => e)) as ApiHttpError;
    expect(error).toBeInstanceOf(ApiHttpError);
    expect(error.status).toBe(502);
  });

  it('reports an unreachable server as unavailable and a cancelled request as cancelled', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(new HttpClient(`http://127.0.0.1:${port}`).get('/x')).rejects.toBeInstanceOf(ApiUnavailableError);

    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = new HttpClient(base).get('/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    await expect(new HttpClient(base, { timeoutMs: 50 }).get('/slow')).rejects.toBeInstanceOf(ApiUnavailableError);
  });

  it('gives up on a server that sends no headers, or stalls halfway through a body, long before the overall limit', async () => {
    handler = () => undefined; // accepts the request, never answers
    let started = performance.now();
    const silent = await new HttpClient(base, { headersTimeoutMs: 100 }).get('/silent').catch((e: unknown) => e);
    expect(silent).toBeInstanceOf(ApiUnavailableError);
    expect((silent as ApiUnavailableError).timedOut).toBe(true);
    expect((silent as Error).message).toMatch(/did not answer in time/);
    expect(performance.now() - started).toBeLessThan(2000);

    handler = (_req, _b, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"header":{"status":"success","message":"OK"},"body":['); // and never the rest
    };
    started = performance.now();
    const stalled = await new HttpClient(base, { idleTimeoutMs: 100 }).get('/stalled').catch((e: unknown) => e);
    expect(stalled).toBeInstanceOf(ApiUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);

    // A body that keeps trickling is still bounded by the overall limit.
    handler = (_req, _b, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    };
    await expect(new HttpClient(base, { timeoutMs: 300, idleTimeoutMs: 100 }).get('/trickle')).rejects.toBeInstanceOf(ApiUnavailableError);
  });

  it('refuses a body over the size limit, announced or streamed, without reading it whole', async () => {
    const big = JSON.stringify({ header: { status: 'success', message: 'OK' }, body: 'x'.repeat(4096) });
    handler = (_req, _b, res) => { res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(big) }); res.end(big); };
    const announced = await new HttpClient(base, { maxResponseBytes: 1024 }).get('/big').catch((e: unknown) => e);
    expect(announced).toBeInstanceOf(ApiBadResponseError);
    expect((announced as Error).message).toMatch(/larger than/);

    let written = 0;
    handler = (_req, _b, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }); // chunked: no length announced
      const timer = setInterval(() => { written += 64 * 1024; res.write(Buffer.alloc(64 * 1024, 0x20)); }, 5);
      res.on('close', () => clearInterval(timer));
    };
    const streamed = await new HttpClient(base, { maxResponseBytes: 256 * 1024 }).get('/endless').catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(ApiBadResponseError);
    expect(written).toBeLessThan(64 * 1024 * 1024);
    // The same client still works afterwards.
    handler = (_req, _b, res) => envelope(res, 200, { ok: true });
    expect((await new HttpClient(base, { maxResponseBytes: 1024 }).get('/small')).body).toEqual({ ok: true });
  });

  it('renews the access token once on 401 through the refresh endpoint, reading the rotated cookie', async () => {
    let refreshes = 0;
    handler = (req, body, res) => {
      if (req.url?.startsWith('/auth/jwt/refresh.json')) {
        refreshes++;
        const sent = JSON.parse(body) as { user_id: string; refresh_token: string };
        expect(sent).toEqual({ user_id: 'u1', refresh_token: 'r1' });
        envelope(res, 200, { access_token: 'a2' }, 'OK', { 'Set-Cookie': ['other=1; Path=/', 'refresh_token=r2; Secure; HttpOnly; Path=/'] });
        return;
      }
      if (req.headers.authorization === 'Bearer a2') envelope(res, 200, { ok: true });
      else envelope(res, 401, '', 'Authentication is required to continue');
    };
    const http = new HttpClient(base);
    const tokens = new AccessTokenManager(new AuthApi(http), 'u1');
    tokens.set({ accessToken: 'a1', refreshToken: 'r1' });
    http.setTokenSource(tokens);
    const [x, y] = await Promise.all([http.get('/x'), http.get('/y')]);
    expect(x.body).toEqual({ ok: true });
    expect(y.body).toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(tokens.refreshToken()).toBe('r2');
    expect(seen.some((s) => s.url.startsWith('/auth/jwt/refresh') && s.auth === undefined)).toBe(true);
  });

  it('falls back to a fresh login when the refresh token is refused, and gives up without one', async () => {
    handler = (req, _b, res) => {
      if (req.url?.startsWith('/auth/jwt/refresh.json')) envelope(res, 400, '', 'The refresh token provided was already used.');
      else if (req.headers.authorization === 'Bearer fresh') envelope(res, 200, { ok: true });
      else envelope(res, 401, '', 'Authentication is required to continue');
    };
    const http = new HttpClient(base);
    const tokens = new AccessTokenManager(new AuthApi(http), 'u1', async () => ({ accessToken: 'fresh', refreshToken: 'rf' }));
    tokens.set({ accessToken: 'old', refreshToken: 'used' });
    http.setTokenSource(tokens);
    expect((await http.get('/x')).body).toEqual({ ok: true });

    const http2 = new HttpClient(base);
    const noRelogin = new AccessTokenManager(new AuthApi(http2), 'u1');
    noRelogin.set({ accessToken: 'old', refreshToken: 'used' });
    http2.setTokenSource(noRelogin);
    await expect(http2.get('/x')).rejects.toBeInstanceOf(ApiSessionExpiredError);
    expect(noRelogin.current()).toBeUndefined();
  });

  it('reads a cookie among Set-Cookie values', () => {
    expect(readCookie(['a=1', 'refresh_token=abc%2Ddef; HttpOnly'], 'refresh_token')).toBe('abc-def');
    expect(readCookie(['refresh_token_x=1'], 'refresh_token')).toBeUndefined();
  });
});
