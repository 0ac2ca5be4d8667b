// The client's checks on the login answer, against a local HTTP server playing a (possibly hostile) server. The
// OpenPGP layer is the identity here: what is tested is the protocol logic (challenge fields, echo, domain,
// version, MFA providers). The real OpenPGP login runs against the real server in main/services/*.test.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiBadResponseError, ApiHttpError } from './api-errors';
import { AuthApi, type ChallengeCrypto } from './auth-api';
import { HttpClient } from './http-client';

let server: Server;
let base: string;
let answer: (challenge: Record<string, unknown>) => Record<string, unknown> | null = () => null;
let lastChallenge: Record<string, unknown> = {};

const identity: ChallengeCrypto = {
  encryptForServer: async (text) => `ENC(${text})`,
  decryptFromServer: async (message) => message.replace(/^SIGNED\((.*)\)$/s, '$1'),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const send = (status: number, b: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ header: { status: status < 400 ? 'success' : 'error', message: status < 400 ? 'OK' : 'The authentication failed.', servertime: 1_900_000_000 }, body: b }));
      };
      if (req.url?.startsWith('/auth/verify.json')) return send(200, { fingerprint: 'A'.repeat(40), keydata: 'SERVER-KEY' });
      if (req.url?.startsWith('/auth/jwt/login.json')) {
        const sent = JSON.parse(body) as { user_id: string; challenge: string };
        lastChallenge = JSON.parse(sent.challenge.replace(/^ENC\((.*)\)$/s, '$1')) as Record<string, unknown>;
        const reply = answer(lastChallenge);
        return reply ? send(200, { challenge: `SIGNED(${JSON.stringify(reply)})` }) : send(400, '');
      }
      return send(404, '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const good = (c: Record<string, unknown>) => ({ version: '1.0.0', domain: `${base}/`, access_token: 'jwt', refresh_token: 'r', verify_token: c.verify_token });

describe('AuthApi.login', () => {
  it('sends a dated, single-use challenge for this domain and accepts a proper answer', async () => {
    answer = good;
    const auth = new AuthApi(new HttpClient(base));
    const key = await auth.getServerKey();
    expect(key).toEqual({ fingerprint: 'A'.repeat(40), armoredKey: 'SERVER-KEY', serverTime: 1_900_000_000 });
    const result = await auth.login('5f0c9c5e-0000-4000-8000-000000000001', key, identity);
    expect(result).toEqual({ accessToken: 'jwt', refreshToken: 'r', mfaProviders: [] });
    expect(lastChallenge.version).toBe('1.0.0');
    expect(lastChallenge.domain).toBe(base);
    expect(lastChallenge.verify_token).toMatch(/^[0-9a-f-]{36}$/);
    // Dated with the server's clock, not the client's, and short-lived.
    expect(lastChallenge.verify_token_expiry).toBe(1_900_000_000 + 120);
    const firstToken = lastChallenge.verify_token;
    await auth.login('5f0c9c5e-0000-4000-8000-000000000001', key, identity);
    expect(lastChallenge.verify_token).not.toBe(firstToken); // a fresh token for every login
  });

  it.each([
    ['another verify token', (c: Record<string, unknown>) => ({ ...good(c), verify_token: '00000000-0000-4000-8000-000000000000' })],
    ['another domain', (c: Record<string, unknown>) => ({ ...good(c), domain: 'https://evil.example.com/' })],
    ['another version', (c: Record<string, unknown>) => ({ ...good(c), version: '2.0.0' })],
    ['no tokens', (c: Record<string, unknown>) => ({ ...good(c), access_token: undefined })],
  ])('refuses an answer with %s', async (_name, reply) => {
    answer = reply;
    const auth = new AuthApi(new HttpClient(base));
    await expect(auth.login('5f0c9c5e-0000-4000-8000-000000000001', await auth.getServerKey(), identity)).rejects.toBeInstanceOf(ApiBadResponseError);
  });

  it('reports MFA providers and a refused login', async () => {
    answer = (c) => ({ ...good(c), providers: ['totp'] });
    const auth = new AuthApi(new HttpClient(base));
    const key = await auth.getServerKey();
    expect((await auth.login('5f0c9c5e-0000-4000-8000-000000000001', key, identity)).mfaProviders).toEqual(['totp']);
    answer = () => null;
    const error = await auth.login('5f0c9c5e-0000-4000-8000-000000000001', key, identity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiHttpError);
    expect((error as ApiHttpError).status).toBe(400);
  });
});
