import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAppRequest } from './app-protocol';
import { CONTENT_SECURITY_POLICY_HEADER } from './security-policy';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'tessera-app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Tessera</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'notes.txt'), 'plain text is not served');
  await writeFile(path.join(base, 'secret.json'), '{"key":"outside the root"}');
  await symlink(path.join(base, 'secret.json'), path.join(root, 'assets', 'link.json'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const serve = (url: string, method = 'GET') => handleAppRequest(new Request(url, { method }), { root, appOrigin: 'app://tessera' });

describe('app:// protocol handler', () => {
  it('serves index.html for / with the CSP and hardening headers', async () => {
    const response = await serve('app://tessera/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Tessera</title>');
  });

  it('serves assets with their content type', async () => {
    const response = await serve('app://tessera/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const response = await serve('app://tessera/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s', async (method) => {
    const response = await serve('app://tessera/index.html', method);
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });

  it.each([
    ['a missing file', 'app://tessera/missing.js'],
    ['a folder', 'app://tessera/assets'],
    ['an unknown file type', 'app://tessera/notes.txt'],
    ['a symlink leaving the root', 'app://tessera/assets/link.json'],
    ['an encoded traversal', 'app://tessera/..%2fsecret.json'],
    ['a foreign origin', 'app://tessera.evil.com/index.html'],
  ])('answers 404 for %s', async (_name, url) => {
    const response = await serve(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the root');
  });
});
