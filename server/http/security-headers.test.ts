// The fixed security header set must be exactly what @fastify/helmet sends for the same options, on every kind
// of answer (success, 404, 401), from a real server process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import { createSqliteDatabase, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { computeSecurityHeaders, SECURITY_HEADER_OPTIONS } from './security-headers';

/** What @fastify/helmet (helmet run per request) sends with these options. */
async function helmetPluginHeaders(): Promise<Record<string, string>> {
  const app = Fastify();
  // Same options; the plugin sees helmet's CommonJS type declarations and this file its ES module ones (distinct
  // types for TypeScript), hence the structural spread.
  await app.register(fastifyHelmet, { global: true, ...(SECURITY_HEADER_OPTIONS as object) });
  app.get('/', async () => 'ok');
  const res = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (!['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(k)) out[k] = String(v);
  }
  return out;
}

describe('security headers', () => {
  it('are the headers helmet sets for the configured options', async () => {
    const headers = computeSecurityHeaders();
    expect(headers).toEqual(await helmetPluginHeaders());
    expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  describe('on a real server', () => {
    let database: TestDatabase;
    let server: ServerProcess;
    beforeAll(async () => {
      database = await createSqliteDatabase();
      server = await startServerProcess({ db: database.url });
    });
    afterAll(async () => { await server?.stop(); await database?.drop(); });

    it.each([
      ['/healthcheck/status.json', 200],
      ['/no/such/route.json', 404],
      ['/users/me.json', 401],
    ])('%s (%i) carries every one of them', async (path, status) => {
      const res = await fetch(`${server.url}${path}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(status);
      for (const [name, value] of Object.entries(computeSecurityHeaders())) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });
});
