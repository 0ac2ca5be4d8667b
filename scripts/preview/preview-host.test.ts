// The preview host against the real desktop IPC (buildDesktopIpc over a throwaway profile): what a request
// needs to reach the dispatcher (the token, a loopback Host, the page's Origin, a bounded JSON body), what the
// page is served (the renderer through the app's handler, the bridge script, the preview's CSP), the event
// stream, and that no log line ever carries the token.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannel } from '../../common/ipc';
import { buildDesktopIpc, type DesktopIpc } from '../../main/electron/desktop-ipc';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/security-policy';
import { MemoryKeychain } from '../../main/keychain/memory-keychain';
import { BRIDGE_SCRIPT_PATH, EVENTS_PATH, IPC_PATH } from './names';
import { MAX_IPC_BODY_BYTES, PREVIEW_CONTENT_SECURITY_POLICY, startPreviewHost, type PreviewHost } from './preview-host';
import { previewClipboard } from './preview-ports';

const dir = mkdtempSync(join(tmpdir(), 'tessera-preview-host-'));
const rendererRoot = join(dir, 'renderer');
const bridgeFile = join(dir, 'bridge.js');
const token = randomBytes(32).toString('base64url');
const logged: string[] = [];
let host: PreviewHost;
let desktop: DesktopIpc;

beforeAll(async () => {
  mkdirSync(join(rendererRoot, 'assets'), { recursive: true });
  writeFileSync(join(rendererRoot, 'index.html'), [
    '<!doctype html><html><head>',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
    '<script type="module" crossorigin src="./assets/index.js"></script>',
    '</head><body><div id="root"></div></body></html>',
  ].join('\n'));
  writeFileSync(join(rendererRoot, 'assets', 'index.js'), 'export {};\n');
  writeFileSync(bridgeFile, '/* bridge */\n');
  host = await startPreviewHost({ rendererRoot, bridgeScriptFile: bridgeFile, token, log: (line) => logged.push(line) });
  const clip = previewClipboard({ PATH: '' }, 'linux');
  desktop = buildDesktopIpc({
    userDataDir: join(dir, 'profile'), keychain: new MemoryKeychain(), events: host.events, poolSize: 1,
    version: '9.9.9', platform: 'linux', appOrigin: host.origin, clipboard: clip.clipboard, clipboardUnavailable: clip.unavailable,
    files: { save: async () => ({ saved: false }) }, openExternal: async () => undefined, rememberAvailable: false, syncIntervalMs: 0,
    onInternalError: (method, error) => logged.push(`${method}: ${String(error)}`),
  });
  host.connect(desktop.dispatch);
});

afterAll(async () => {
  await desktop?.dispose();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => vi.restoreAllMocks());

interface Answer { status: number; headers: IncomingHttpHeaders; body: string }

/** A raw HTTP request (fetch will not send a chosen Host header). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(port), method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const hostHeader = () => new URL(host.origin).host;
const goodHeaders = () => ({
  Host: hostHeader(), Origin: host.origin, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
});
const call = (headers: Record<string, string>, body: unknown = { method: 'app.info' }) => raw('POST', IPC_PATH, headers, JSON.stringify(body));

describe('preview host: IPC', () => {
  it('a call with the token, from the preview origin, reaches the real dispatcher', async () => {
    const answer = await call(goodHeaders());
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: { version: '9.9.9', platform: 'linux', locked: true } });
  });

  it('the link carries the token in its fragment only', () => {
    expect(host.link).toBe(`${host.origin}/#token=${token}`);
    expect(new URL(host.link).hostname).toBe('127.0.0.1');
  });

  it('refuses a missing, wrong, truncated or unprefixed token with 401', async () => {
    const { Authorization: _omit, ...noToken } = goodHeaders();
    for (const authorization of [undefined, `Bearer ${randomBytes(32).toString('base64url')}`, `Bearer ${token.slice(1)}`, token, `Basic ${token}`, `bearer ${token}x`]) {
      const answer = await call(authorization === undefined ? noToken : { ...noToken, Authorization: authorization });
      expect(answer.status, String(authorization === undefined ? 'none' : authorization.length)).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.body).not.toContain('"ok"');
    }
  });

  it('refuses a Host other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    const port = new URL(host.origin).port;
    for (const name of [`evil.example:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`]) {
      const answer = await call({ ...goodHeaders(), Host: name });
      expect(answer.status, name).toBe(403);
    }
    // The index page too: a rebound name gets nothing from this origin.
    expect((await raw('GET', '/', { Host: `evil.example:${port}` })).status).toBe(403);
  });

  it('a wrong Origin reaches the dispatcher as a foreign sender (INVALID_SENDER); no Origin is 403', async () => {
    const port = Number(new URL(host.origin).port);
    for (const origin of ['https://evil.example', `http://localhost:${port}`, `http://127.0.0.1:${port + 1}`, 'null', 'app://tessera']) {
      const answer = await call({ ...goodHeaders(), Origin: origin });
      expect(answer.status, origin).toBe(200);
      expect(JSON.parse(answer.body), origin).toMatchObject({ ok: false, error: { code: 'INVALID_SENDER' } });
    }
    const { Origin: _omit, ...noOrigin } = goodHeaders();
    expect((await call(noOrigin)).status).toBe(403);
  });

  it('bounds the body: declared or streamed past the limit is 413', async () => {
    const big = JSON.stringify({ method: 'app.info', payload: 'x'.repeat(MAX_IPC_BODY_BYTES) });
    expect((await raw('POST', IPC_PATH, goodHeaders(), big)).status).toBe(413);
    // Chunked (no Content-Length): read up to the limit, then refused.
    const chunked = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(host.origin);
      const req = httpRequest({ host: '127.0.0.1', port: Number(port), method: 'POST', path: IPC_PATH, headers: goodHeaders() }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i += 1) req.write('x'.repeat(MAX_IPC_BODY_BYTES / 4));
      req.end();
    });
    expect(chunked).toBe(413);
    // Still answering afterwards.
    expect((await call(goodHeaders())).status).toBe(200);
  });

  it('checks the rest of the request: POST only, JSON only, a call object, payloads parsed by the contract', async () => {
    expect((await raw('GET', IPC_PATH, goodHeaders())).status).toBe(405);
    expect((await raw('OPTIONS', IPC_PATH, goodHeaders())).status).toBe(405);
    expect((await call({ ...goodHeaders(), 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await raw('POST', IPC_PATH, goodHeaders(), '{not json')).status).toBe(400);
    expect((await call(goodHeaders(), ['app.info'])).status).toBe(400);
    expect(JSON.parse((await call(goodHeaders(), { method: 'toString' })).body)).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } });
    expect(JSON.parse((await call(goodHeaders(), { method: 'app.info', payload: { extra: 1 } })).body)).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    const unlock = await call(goodHeaders(), { method: 'session.unlock', payload: { accountId: 'nope', passphrase: '' } });
    expect(JSON.parse(unlock.body)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('preview host: events', () => {
  it('streams a published contract event to a page holding the token', async () => {
    const response = await fetch(`${host.origin}${EVENTS_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, Origin: host.origin } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const frames = (async () => {
      while (!text.includes('data:')) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    })();
    // Locking an idle session publishes session.locked through the real services.
    await new Promise((resolve) => setTimeout(resolve, 50));
    host.events.publish('session.locked', { reason: 'user' });
    await frames;
    await reader.cancel();
    const data = text.split('\n').find((line) => line.startsWith('data:'))!;
    expect(JSON.parse(data.slice(5))).toEqual({ channel: eventChannel('session.locked'), payload: { reason: 'user' } });
  });

  it('refuses the stream without the token, from another origin, or without an Origin', async () => {
    const url = `${host.origin}${EVENTS_PATH}`;
    expect((await fetch(url, { method: 'POST', headers: { Origin: host.origin } })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await raw('POST', EVENTS_PATH, { Host: hostHeader(), Authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await raw('POST', EVENTS_PATH, { ...goodHeaders(), Host: 'evil.example' })).status).toBe(403);
  });

  it('refuses an event the contract does not declare, before it leaves', () => {
    expect(() => host.events.publish('session.locked', { reason: 'because' } as never)).toThrow();
  });
});

describe('preview host: the page', () => {
  it('serves index.html with the preview CSP (connect-src self only) and the bridge script first', async () => {
    const answer = await raw('GET', '/', { Host: hostHeader() });
    expect(answer.status).toBe(200);
    expect(PREVIEW_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'"));
    expect(answer.headers['content-security-policy']).toBe(`${PREVIEW_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(answer.body).toContain(`content="${PREVIEW_CONTENT_SECURITY_POLICY}"`);
    expect(answer.body).not.toContain("connect-src 'none'");
    expect(answer.body.indexOf(`<script src="${BRIDGE_SCRIPT_PATH}"></script>`)).toBeGreaterThan(0);
    expect(answer.body.indexOf(BRIDGE_SCRIPT_PATH)).toBeLessThan(answer.body.indexOf('./assets/index.js'));
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  });

  it('serves the bridge script and the renderer files with the same headers', async () => {
    const script = await raw('GET', BRIDGE_SCRIPT_PATH, { Host: hostHeader() });
    expect(script.status).toBe(200);
    expect(script.body).toBe('/* bridge */\n');
    expect(script.headers['content-type']).toContain('text/javascript');
    const asset = await raw('GET', '/assets/index.js', { Host: hostHeader() });
    expect(asset.status).toBe(200);
    for (const answer of [script, asset]) {
      expect(answer.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await raw('GET', '/../bridge.js', { Host: hostHeader() })).status).toBe(404);
    expect((await raw('GET', '/%2e%2e/bridge.js', { Host: hostHeader() })).status).toBe(404);
    expect((await raw('GET', '/__tessera/anything', { Host: hostHeader() })).status).toBe(404);
    expect((await raw('POST', '/index.html', { Host: hostHeader() })).status).toBe(405);
  });

  it('sends a page opened on localhost to 127.0.0.1, the one origin the dispatcher accepts', async () => {
    const port = new URL(host.origin).port;
    const answer = await raw('GET', '/index.html?x=1', { Host: `localhost:${port}` });
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(`${host.origin}/index.html?x=1`);
  });
});

describe('preview host: logs', () => {
  it('never writes the token, whatever the requests', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => { printed.push(args.map(String).join(' ')); return true; };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation(capture);
    await call(goodHeaders());
    await call({ ...goodHeaders(), Authorization: `Bearer ${token}x` });
    await call({ ...goodHeaders(), Origin: 'https://evil.example' });
    await call(goodHeaders(), { method: 'session.unlock', payload: { accountId: '00000000-0000-4000-8000-000000000000', passphrase: token } });
    await raw('POST', IPC_PATH, goodHeaders(), '{');
    vi.restoreAllMocks();
    for (const line of [...printed, ...logged]) expect(line).not.toContain(token);
  });
});
