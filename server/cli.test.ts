// The command line as operators and other tools use it: --help, first start, restart, SIGTERM, several
// processes sharing one PostgreSQL, rate limits, and logs free of secrets.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from './test-support/databases';
import { runCli, startServerProcess, type ServerProcess } from './test-support/server-process';
import { createAdmin, createAdminLink, inviteAndSetupUser, readSetupToken } from './test-support/users';
import { TestClient } from './test-support/test-client';

const ENV_VARS = ['TESSERA_DATA_DIR', 'TESSERA_DATABASE_URL', 'TESSERA_HOST', 'TESSERA_PORT', 'TESSERA_PUBLIC_URL',
  'TESSERA_SMTP_URL', 'TESSERA_BODY_LIMIT', 'TESSERA_LOG_LEVEL', 'TESSERA_RATE_LIMITS', 'TESSERA_TRUST_PROXY'];

describe('tessera-server command line', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup.length = 0;
  });
  async function track<T extends ServerProcess | TestDatabase>(thing: T): Promise<T> {
    cleanup.push('stop' in thing ? () => thing.stop() : () => thing.drop());
    return thing;
  }

  it('lists every flag and its environment variable in --help', async () => {
    const top = await runCli(['--help']);
    for (const v of ENV_VARS) expect(top.stdout).toContain(v);
    expect(top.stdout).toContain('start');
    expect(top.stdout).toContain('create-admin');
    const start = await runCli(['start', '--help']);
    for (const flag of ['--data', '--db', '--host', '--port', '--url', '--smtp']) expect(start.stdout).toContain(flag);
    expect(start.stdout).toContain('env: TESSERA_DATA_DIR');
    const admin = await runCli(['create-admin', '--help']);
    for (const flag of ['--username', '--first-name', '--last-name']) expect(admin.stdout).toContain(flag);
  });

  it('creates its keys at first start (owner-only), keeps them across restarts, and exits 0 on SIGTERM', async () => {
    const database = await track(await createSqliteDatabase());
    const first = await startServerProcess({ db: database.url, freshKeys: true });
    const readyLines = first.output().split('\n').filter((l) => l.includes('Tessera server ready at'));
    expect(readyLines).toHaveLength(1);
    expect(readyLines[0]).toContain(first.url);
    for (const f of ['server.key', 'jwt.key', 'jwt.pem']) {
      expect(existsSync(join(first.dataDir, f))).toBe(true);
      expect(statSync(join(first.dataDir, f)).mode & 0o777).toBe(0o600);
    }
    const fingerprint = (await new TestClient(first.url).get<{ fingerprint: string }>('/auth/verify.json')).body.fingerprint;
    const jwks = (await new TestClient(first.url).get('/auth/jwt/jwks.json')).text;
    const second = await startServerProcess({ db: database.url, dataDir: first.dataDir });
    expect((await new TestClient(second.url).get<{ fingerprint: string }>('/auth/verify.json')).body.fingerprint).toBe(fingerprint);
    expect((await new TestClient(second.url).get('/auth/jwt/jwks.json')).text).toBe(jwks);
    expect(await second.stop()).toBe(0);
    expect(await first.stop()).toBe(0);
  }, 120_000);

  it('shares verify tokens, refresh tokens and rate limits between processes on one PostgreSQL', async () => {
    const database = await track(await createPostgresDatabase());
    const env = { TESSERA_RATE_LIMITS: 'login=5/3600' };
    const url = 'http://tessera.test';
    const a = await track(await startServerProcess({ db: database.url, url, env }));
    const b = await track(await startServerProcess({ db: database.url, url, env, dataDir: a.dataDir }));
    const [realA, realB] = [a.listenUrl, b.listenUrl];
    const link = (await createAdminLink({ url, db: database.url, dataDir: a.dataDir })).replace(url, realA);
    const onA = new TestClient(realA);
    onA.domain = url;
    await onA.completeSetup(link);
    const { armored } = await onA.buildChallenge();
    expect((await onA.loginWith(armored)).status).toBe(200);
    const onB = new TestClient(realB);
    onB.domain = url;
    onB.userId = onA.userId;
    onB.keys = onA.keys;
    expect((await onB.loginWith(armored)).status).toBe(400);
    await onA.login();
    const first = onA.refreshToken!;
    onB.refreshToken = first;
    expect((await onB.refresh()).status).toBe(200);
    expect((await onA.refresh(first)).status).toBe(400);
    // Four logins and one replay so far across both processes reach the limit of five: 429 on either process.
    await onB.login();
    await onA.login();
    const limited = await onB.loginWith((await onB.buildChallenge()).armored);
    expect(limited.status).toBe(429);
    expect(limited.header.code).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await onA.loginWith((await onA.buildChallenge()).armored)).status).toBe(429);
  }, 120_000);

  it('rate-limits setup, recover and refresh requests per client address', async () => {
    const database = await track(await createSqliteDatabase());
    const server = await track(await startServerProcess({ db: database.url, env: { TESSERA_RATE_LIMITS: 'setup=3/3600,recover=2/3600,refresh=2/3600' } }));
    const guest = new TestClient(server.url);
    const id = crypto.randomUUID();
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await guest.get(`/setup/start/${id}/${id}.json`)).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const recover = [];
    for (let i = 0; i < 3; i += 1) recover.push((await guest.post('/users/recover.json', { username: 'a@example.com' })).status);
    expect(recover).toEqual([200, 200, 429]);
    const refresh = [];
    for (let i = 0; i < 3; i += 1) refresh.push((await guest.post('/auth/jwt/refresh.json', { user_id: id, refresh_token: id })).status);
    expect(refresh).toEqual([400, 400, 429]);
    // Without TESSERA_TRUST_PROXY a client cannot escape its bucket with a forged X-Forwarded-For.
    expect((await guest.post('/users/recover.json', { username: 'a@example.com' }, { headers: { 'x-forwarded-for': '9.9.9.9' } })).status).toBe(429);
  }, 60_000);

  it('takes the client address from X-Forwarded-For only when told to trust the proxy', async () => {
    const database = await track(await createSqliteDatabase());
    const server = await track(await startServerProcess({ db: database.url, env: { TESSERA_RATE_LIMITS: 'recover=1/3600', TESSERA_TRUST_PROXY: '1' } }));
    const guest = new TestClient(server.url);
    const from = (ip: string) => guest.post('/users/recover.json', { username: 'a@example.com' }, { headers: { 'x-forwarded-for': ip } });
    expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(200);
  }, 60_000);

  it('never logs tokens, challenges, keys or setup links during a full session', async () => {
    const database = await track(await createSqliteDatabase());
    const server = await track(await startServerProcess({ db: database.url, env: { TESSERA_LOG_LEVEL: 'debug' } }));
    const admin = await createAdmin(server);
    const bob = await inviteAndSetupUser(admin, server);
    const { armored, challenge } = await bob.buildChallenge();
    const login = await bob.loginWith(armored);
    expect(login.status).toBe(200);
    await bob.login();
    await bob.refresh();
    const recoverToken = await (async () => {
      await new TestClient(server.url).post('/users/recover.json', { username: (await bob.get<{ username: string }>('/users/me.json')).body.username });
      return readSetupToken(server.db, bob.userId!, 'recover');
    })();
    await new TestClient(server.url).get(`/setup/recover/start/${bob.userId}/${recoverToken}.json`);
    await bob.get('/users/me.json', { headers: { authorization: 'Bearer forged.token.value' } });
    await bob.logout();
    await new Promise((r) => setTimeout(r, 300));
    const log = server.output();
    expect(log).toContain('"route":"/auth/jwt/login"');
    const secrets = [admin.accessToken!, bob.accessToken!, bob.refreshToken!, challenge.verify_token, recoverToken,
      armored.split('\n')[3]!, login.body.challenge.split('\n')[3]!, bob.keys!.armoredPublic.split('\n')[3]!, 'forged.token.value'];
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain('BEGIN PGP');
  }, 60_000);
});
