// The pages a browser gets at the links the server mails: static, script-free, strict CSP, the same for any
// well-formed ids, and the JSON API at the same paths unchanged for the desktop app.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppLink } from '../../common/invitation-link';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, readSetupToken } from '../test-support/users';
import type { TestClient } from '../test-support/test-client';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Decodes the numeric character references escapeHtml writes. */
function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

/** A raw GET, so paths with `..` or odd bytes reach the server as written (fetch would normalise them). */
function rawGet(base: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers: HTML }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectPageHeaders(res: Response, body: string): void {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name as string, values];
  }));
  expect(directives.get('default-src')).toEqual(["'none'"]);
  expect(directives.get('script-src')).toEqual(["'none'"]);
  expect([...directives.keys()].filter((k) => k.startsWith('script-src'))).toEqual(['script-src']);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  // The only style allowed is the page's own style sheet, by hash.
  const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1] ?? '';
  const hash = `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
  expect(directives.get('style-src')).toEqual([hash]);
  expect(body).not.toMatch(/<script/i);
  expect(body).not.toMatch(/\son[a-z]+\s*=/i);
  expect(body).not.toMatch(/\b(?:src|srcset)\s*=/i);
}

describe.each(dialects)('browser pages on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;

  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    admin = await createAdmin(server);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  async function invite(): Promise<{ userId: string; token: string }> {
    const res = await admin.post<{ id: string }>('/users.json', {
      username: `${crypto.randomUUID()}@example.com`, profile: { first_name: 'Page', last_name: 'Visitor' } });
    expect(res.status).toBe(200);
    return { userId: res.body.id, token: await readSetupToken(server.db, res.body.id) };
  }

  it('answers an invitation link with a page that opens the app, and leaves the JSON API as it was', async () => {
    const { userId, token } = await invite();
    const mailed = `${server.url}/setup/start/${userId}/${token}`;
    const res = await fetch(mailed, { headers: HTML });
    const body = await res.text();
    expect(res.status).toBe(200);
    expectPageHeaders(res, body);

    const hrefs = [...body.matchAll(/href="([^"]*)"/g)].map((m) => decodeEntities(m[1] as string));
    const appLink = hrefs.find((h) => h.startsWith('tessera://'));
    expect(appLink).toBe(`tessera://setup/start/${userId}/${token}?server=${encodeURIComponent(server.url)}`);
    expect(parseAppLink(appLink as string)).toMatchObject({ kind: 'invitation', invitationUrl: mailed });
    expect(hrefs.every((h) => h.startsWith('tessera://'))).toBe(true);
    expect(decodeEntities(body)).toContain(`<p class="link">${mailed}</p>`);
    expect(body).toContain('Join my organisation');

    // Nothing about the token shows: a made-up pair gets the same page with its ids in place.
    const fakeUser = crypto.randomUUID();
    const fakeToken = crypto.randomUUID();
    const fake = await fetch(`${server.url}/setup/start/${fakeUser}/${fakeToken}`, { headers: HTML });
    expect(fake.status).toBe(200);
    expect((await fake.text()).replaceAll(fakeUser, userId).replaceAll(fakeToken, token)).toBe(body);

    // The page consumed nothing: the desktop app's request (`.json`) still starts the setup.
    const json = await fetch(`${mailed}.json`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const envelope = await json.json() as { header: { status: string }; body: { user: { id: string } } };
    expect(envelope.header.status).toBe('success');
    expect(envelope.body.user.id).toBe(userId);
    // An Accept header alone also selects JSON, as before.
    const byAccept = await fetch(mailed, { headers: { accept: 'application/json' } });
    expect(byAccept.status).toBe(200);
    expect((await byAccept.json() as { body: { user: { id: string } } }).body.user.id).toBe(userId);
    // JSON errors are unchanged too.
    const bad = await fetch(`${server.url}/setup/start/${userId}/${crypto.randomUUID()}.json`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers a recovery link and the "Open Tessera" link with pages', async () => {
    for (const path of [`/setup/recover/start/${crypto.randomUUID()}/${crypto.randomUUID()}`, '/']) {
      const res = await fetch(`${server.url}${path}`, { headers: HTML });
      const body = await res.text();
      expect(res.status, path).toBe(200);
      expectPageHeaders(res, body);
      expect(decodeEntities(body)).toContain(`tessera://open?server=${encodeURIComponent(server.url)}`);
      expect(decodeEntities(body)).toContain(`<p class="link">${server.url}</p>`);
    }
    const head = await fetch(`${server.url}/`, { method: 'HEAD', headers: HTML });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toContain("script-src 'none'");
    // The API has nothing at the root.
    const root = await fetch(`${server.url}/.json`);
    expect(root.status).toBe(404);
    expect(root.headers.get('content-type')).toMatch(/^application\/json/);
    const rootByAccept = await fetch(`${server.url}/`, { headers: { accept: 'application/json' } });
    expect(rootByAccept.status).toBe(404);
  });

  it.each([
    ['script tags', `/setup/start/%3Cscript%3Ealert(1)%3C%2Fscript%3E/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`],
    ['raw script tags', '/setup/start/<script>alert(1)</script>/x'],
    ['an overlong id', `/setup/start/${'a'.repeat(600)}/${crypto.randomUUID()}`],
    ['an overlong token', `/setup/recover/start/${crypto.randomUUID()}/${'b'.repeat(400)}`],
    ['path traversal', '/setup/start/../../../etc/passwd'],
    ['encoded path traversal', `/setup/start/..%2F..%2Fetc%2Fpasswd/${crypto.randomUUID()}`],
    ['a NUL byte', `/setup/start/${crypto.randomUUID()}%00/${crypto.randomUUID()}`],
    ['quotes', `/setup/start/%22onmouseover%3D%22x/${crypto.randomUUID()}`],
  ])('answers a link with %s with a 4xx that repeats nothing', async (_what, path) => {
    const res = await rawGet(server.url, path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toMatch(/<script>alert/i);
    expect(res.body).not.toContain('onmouseover="');
    expect(res.body).not.toContain('etc/passwd');
    if (String(res.headers['content-type']).startsWith('text/html')) {
      expect(res.body).not.toMatch(/<script/i);
      expect(String(res.headers['content-security-policy'])).toContain("script-src 'none'");
    }
  });
});
