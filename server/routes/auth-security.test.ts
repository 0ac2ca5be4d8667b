// Token replay and forgery against the real server process, on both databases (ASVS 3.5.3, PBL-06-008).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt } from 'jose';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, inviteAndSetupUser } from '../test-support/users';
import { generateKeyPair, TestClient } from '../test-support/test-client';

const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe.each(dialects)('JWT authentication security on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  let user: TestClient;
  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    admin = await createAdmin(server);
    user = await inviteAndSetupUser(admin, server);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  const meWith = async (token: string) => {
    const c = new TestClient(server.url);
    c.accessToken = token;
    return c.get('/users/me.json');
  };

  it('refuses a replayed verify_token, and accepts the same token value for another user', async () => {
    const { armored, challenge } = await user.buildChallenge();
    expect((await user.loginWith(armored)).status).toBe(200);
    const replay = await user.loginWith(armored);
    expect(replay.status).toBe(400);
    expect(replay.header.message).toBe('The authentication failed. The credentials are invalid.');
    const again = await user.buildChallenge({ verify_token: challenge.verify_token });
    expect((await user.loginWith(again.armored)).status).toBe(400);
    const other = await admin.buildChallenge({ verify_token: challenge.verify_token });
    expect((await admin.loginWith(other.armored)).status).toBe(200);
  });

  it('keeps the case of upper-case verify tokens (iOS) and still refuses their replay', async () => {
    const token = randomUUID().toUpperCase();
    expect((await user.loginWith((await user.buildChallenge({ verify_token: token })).armored)).status).toBe(200);
    expect((await user.loginWith((await user.buildChallenge({ verify_token: token })).armored)).status).toBe(400);
  });

  it('refuses wrong domains, versions, expired or too distant expiries, and non-UUID tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      { domain: 'https://evil.example.com' }, { domain: `${server.url}.evil.com` }, { version: '2.0.0' as '1.0.0' },
      { verify_token_expiry: now - 5 }, { verify_token_expiry: now + 2 * 3600 }, { verify_token: 'not-a-uuid' },
    ];
    for (const override of bad) {
      const res = await user.loginWith((await user.buildChallenge(override)).armored);
      expect(res.status, JSON.stringify(override)).toBe(400);
    }
    // A trailing slash on the domain is fine (Passbolt compares after rtrim).
    expect((await user.loginWith((await user.buildChallenge({ domain: `${server.url}/` })).armored)).status).toBe(200);
  });

  it("refuses a challenge signed by another key, or presented under another user's id", async () => {
    const stranger = await generateKeyPair();
    const signedByStranger = await user.buildChallenge({}, stranger.privateKey);
    expect((await user.loginWith(signedByStranger.armored)).status).toBe(400);
    const mine = await user.buildChallenge();
    expect((await user.loginWith(mine.armored, admin.userId)).status).toBe(400);
    expect((await user.loginWith('-----BEGIN PGP MESSAGE-----\n\nnot really\n-----END PGP MESSAGE-----')).status).toBe(400);
  });

  it('says which credentials are missing, and answers unknown users as wrong credentials (no account enumeration)', async () => {
    const anon = new TestClient(server.url);
    const missing = await anon.post('/auth/jwt/login.json', { user_id: user.userId });
    expect(missing.status).toBe(400);
    expect(missing.header.message).toBe('The authentication failed. The credentials are missing.');
    const { armored } = await user.buildChallenge();
    const unknown = await user.loginWith(armored, randomUUID());
    expect(unknown.status).toBe(400);
    expect(unknown.header.message).toBe('The authentication failed. The credentials are invalid.');
  });

  it('rejects forged access tokens: alg none, HS256 with the public key, a foreign key, expired, tampered', async () => {
    const good = admin.accessToken!;
    expect((await meWith(good)).status).toBe(200);
    const claims = decodeJwt(good);
    const [h, p, s] = good.split('.') as [string, string, string];

    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`;
    const rsaPem = (await admin.get<{ keydata: string }>('/auth/jwt/rsa.json')).body.keydata;
    const hs256 = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(rsaPem));
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreignSigned = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256' }).sign(foreign);
    const realKey = createPrivateKey(readFileSync(join(server.dataDir, 'jwt.key'), 'utf8'));
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, exp: now - 10 }).setProtectedHeader({ alg: 'RS256' }).sign(realKey);
    const tampered = `${h}.${b64url({ ...claims, sub: user.userId })}.${s}`;
    const noExp = await new SignJWT({ sub: claims.sub, iss: claims.iss, sid: claims.sid }).setProtectedHeader({ alg: 'RS256' }).sign(realKey);
    for (const [name, token] of Object.entries({ none, hs256, foreignSigned, expired, tampered, noExp, garbage: 'a.b.c' })) {
      const res = await meWith(token);
      expect(res.status, name).toBe(401);
      expect(res.header.message).toBe('Authentication is required to continue');
    }
    // Control: the same forging code with the real key and a valid expiry is accepted, so the refusals above
    // are about the algorithm, key and expiry, not about the harness.
    const control = await new SignJWT({ ...claims, exp: now + 60 }).setProtectedHeader({ alg: 'RS256' }).sign(realKey);
    expect((await meWith(control)).status).toBe(200);
  });

  it('rotates refresh tokens once, and a reused refresh token revokes its whole session', async () => {
    const c = new TestClient(server.url);
    c.userId = user.userId;
    c.keys = user.keys;
    await c.login();
    const first = c.refreshToken!;
    expect((await c.refresh()).status).toBe(200);
    const second = c.refreshToken!;
    const reuse = await c.refresh(first);
    expect(reuse.status).toBe(400);
    expect(reuse.header.message).toBe('The refresh token provided was already used.');
    // The thief's replay ended the session: the legitimate holder's newer token and access token die too.
    const after = await c.refresh(second);
    expect(after.status).toBe(400);
    expect((await c.get('/users/me.json')).status).toBe(401);
    expect((await c.refresh('not-a-uuid')).header.message).toBe('The refresh token should be a valid UUID.');
    expect((await c.refresh(randomUUID())).header.message).toBe('No active refresh token matching the request could be found.');
  });

  it('logout with a refresh token ends that session only; without one it ends all sessions', async () => {
    const a = new TestClient(server.url);
    const b = new TestClient(server.url);
    for (const c of [a, b]) { c.userId = user.userId; c.keys = user.keys; await c.login(); }
    expect((await a.logout({ refresh_token: a.refreshToken! })).status).toBe(200);
    expect((await a.get('/users/me.json')).status).toBe(401);
    expect((await b.get('/users/me.json')).status).toBe(200);
    const c = new TestClient(server.url);
    c.userId = user.userId; c.keys = user.keys; await c.login();
    expect((await c.logout()).status).toBe(200);
    expect((await b.get('/users/me.json')).status).toBe(401);
    expect((await b.refresh()).status).toBe(400);
    expect((await new TestClient(server.url).post('/auth/jwt/logout.json', {})).status).toBe(401);
  });

  it('refuses GPGAuth endpoints with a JWT and publishes the JWT key', async () => {
    expect((await admin.post('/auth/login.json', {})).status).toBe(400);
    expect((await admin.get('/auth/logout.json')).status).toBe(400);
    const jwks = await admin.get('/auth/jwt/jwks.json');
    const keys = (JSON.parse(jwks.text) as { keys: { kty: string; alg: string; use: string; n: string; e: string }[] }).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    const wellKnown = await admin.get('/.well-known/jwks.json');
    expect(wellKnown.status).toBe(301);
    expect(wellKnown.headers.get('location')).toBe('/auth/jwt/jwks.json');
    const verify = await admin.get<{ fingerprint: string; keydata: string }>('/auth/verify.json', { auth: false });
    expect(verify.body.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(verify.body.keydata).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  it('refuses a disabled user at once: access token, refresh and login', async () => {
    const carol = await inviteAndSetupUser(admin, server);
    const past = new Date(Date.now() - 1000).toISOString();
    expect((await admin.put(`/users/${carol.userId}.json`, { disabled: past })).status).toBe(200);
    expect((await carol.get('/users/me.json')).status).toBe(401);
    expect((await carol.refresh()).status).toBe(400);
    expect((await carol.loginWith((await carol.buildChallenge()).armored)).status).toBe(400);
  });
});
