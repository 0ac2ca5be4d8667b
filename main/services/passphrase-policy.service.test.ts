// PassphrasePolicyService against a REAL local HTTP server implementing the k-anonymity range API, plus a closed
// port, a failing server and a silent one. The server records every request so the test can prove only the
// 5-character prefix ever left the client.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DictionaryUnavailableError, PassphrasePolicyService } from './passphrase-policy.service';

const LEAKED = ['Tr0ub4dor&3-but-leaked-2026', 'correct horse battery staple'];
const STRONG = 'Glacier-Violin-Marmalade-Quarry-Zephyr-47!';

interface Seen { url: string; headers: IncomingMessage['headers']; body: string }
const seen: Seen[] = [];
let server: Server;
let baseUrl: string;
let mode: 'ok' | 'error' | 'hang' = 'ok';

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();
}

beforeAll(async () => {
  const leakedByPrefix = new Map<string, string[]>();
  for (const p of LEAKED) {
    const h = sha1(p);
    leakedByPrefix.set(h.slice(0, 5), [...(leakedByPrefix.get(h.slice(0, 5)) ?? []), `${h.slice(5)}:${1234}`]);
  }
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (mode === 'hang') return; // never answers
      if (mode === 'error') { res.writeHead(503).end(); return; }
      const match = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '');
      if (!match) { res.writeHead(400).end(); return; }
      // Other suffixes plus padding lines (count 0), like the real service.
      const lines = [...(leakedByPrefix.get(match[1] as string) ?? []), '0018A45C4D1DEF81644B54AB7F969B88D65:10', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0'];
      res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const policy = { entropy_minimum: 80, external_dictionary_check: true };

describe('PassphrasePolicyService', () => {
  it('accepts a strong passphrase that is not in the dictionary', async () => {
    mode = 'ok';
    const verdict = await new PassphrasePolicyService({ rangeApiBaseUrl: `${baseUrl}/` }).evaluate(STRONG, policy);
    expect(verdict).toMatchObject({ allowed: true, dictionary: 'not-found', meetsEntropyMinimum: true, problems: [] });
    expect(verdict.strength.id).toBe('very-strong');
  });

  it('asks the address a setting gives at each check, so a change of mirror applies at once', async () => {
    mode = 'ok';
    seen.length = 0;
    let address = `${baseUrl}/range/`;
    const service = new PassphrasePolicyService({ rangeUrl: () => address, rangeApiBaseUrl: 'http://127.0.0.1:9' });
    expect((await service.evaluate(LEAKED[0] as string, policy)).dictionary).toBe('leaked');
    // Without the trailing slash the prefix is still its own path segment.
    address = `${baseUrl}/range`;
    expect((await service.evaluate(STRONG, policy)).dictionary).toBe('not-found');
    address = 'http://127.0.0.1:9/range/';
    expect((await service.evaluate(STRONG, policy)).dictionary).toBe('unavailable');
    expect(seen.map((r) => r.url)).toEqual([`/range/${sha1(LEAKED[0] as string).slice(0, 5)}`, `/range/${sha1(STRONG).slice(0, 5)}`]);
  });

  it('blocks a leaked passphrase where the policy requires the check, sending only the 5-character prefix', async () => {
    mode = 'ok';
    seen.length = 0;
    const service = new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl });
    for (const leaked of LEAKED) {
      const verdict = await service.evaluate(leaked, { entropy_minimum: 50, external_dictionary_check: true });
      expect(verdict).toMatchObject({ allowed: false, dictionary: 'leaked', leakCount: 1234 });
      expect(verdict.problems.find((p) => p.code === 'leaked')?.severity).toBe('block');
    }
    expect(seen).toHaveLength(LEAKED.length);
    for (const [i, request] of seen.entries()) {
      const hash = sha1(LEAKED[i] as string);
      expect(request.url).toBe(`/range/${hash.slice(0, 5)}`);
      const everything = JSON.stringify(request);
      expect(everything).not.toContain(hash.slice(5, 10));
      expect(everything.toLowerCase()).not.toContain(hash.slice(5, 10).toLowerCase());
      expect(everything).not.toContain(LEAKED[i]);
      expect(request.body).toBe('');
    }
  });

  it('does not call the dictionary when the policy does not ask for it', async () => {
    mode = 'ok';
    seen.length = 0;
    const verdict = await new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl }).evaluate(LEAKED[1] as string, { entropy_minimum: 50, external_dictionary_check: false });
    expect(verdict).toMatchObject({ allowed: true, dictionary: 'not-checked' });
    expect(seen).toHaveLength(0);
  });

  it('blocks a new passphrase below the entropy minimum', async () => {
    mode = 'ok';
    const verdict = await new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl }).evaluate('short-one', { entropy_minimum: 64, external_dictionary_check: true });
    expect(verdict.meetsEntropyMinimum).toBe(false);
    expect(verdict.allowed).toBe(false);
    expect(verdict.problems.map((p) => [p.code, p.severity])).toEqual([['entropy-too-low', 'block']]);
  });

  it('only recommends when signing in with an existing key, even for a weak leaked passphrase', async () => {
    mode = 'ok';
    const verdict = await new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl }).evaluate(LEAKED[1] as string, { entropy_minimum: 224, external_dictionary_check: true }, 'existing-key');
    expect(verdict.allowed).toBe(true);
    expect(verdict.problems.map((p) => [p.code, p.severity])).toEqual([['entropy-too-low', 'recommendation'], ['leaked', 'recommendation']]);
  });

  it('warns but does not block when the service cannot be reached (closed port)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const service = new PassphrasePolicyService({ rangeApiBaseUrl: `http://127.0.0.1:${port}` });
    const verdict = await service.evaluate(STRONG, policy);
    expect(verdict).toMatchObject({ allowed: true, dictionary: 'unavailable' });
    expect(verdict.problems.map((p) => [p.code, p.severity])).toEqual([['dictionary-unavailable', 'warning']]);
    await expect(service.leakCount(STRONG)).rejects.toBeInstanceOf(DictionaryUnavailableError);
  });

  it('warns but does not block when the service fails or does not answer in time', async () => {
    mode = 'error';
    expect((await new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl }).evaluate(STRONG, policy)).dictionary).toBe('unavailable');
    mode = 'hang';
    const started = Date.now();
    const verdict = await new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl, timeoutMs: 300 }).evaluate(STRONG, policy);
    expect(verdict).toMatchObject({ allowed: true, dictionary: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(10_000);
    mode = 'ok';
  });

  it('rejects when the caller aborts (not a silent pass)', async () => {
    mode = 'hang';
    const controller = new AbortController();
    const pending = new PassphrasePolicyService({ rangeApiBaseUrl: baseUrl, timeoutMs: 10_000 }).evaluate(STRONG, policy, 'new-passphrase', controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow();
    mode = 'ok';
  });
});
