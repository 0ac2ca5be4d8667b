// The two ways a route checks its caller's session (auth-guard.ts), on both databases, in a bare Fastify app
// with the real Authenticator, real RS256 tokens and a real session row. The point is that the in-query way
// fails closed: such a route never gets `request.user` from the hook, can reach its data only through a
// SessionBoundQuery that carries the live-session check, and requireSession is refused on other routes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { installFixtureKeys } from '../test-support/fixture-keys';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { migrate } from '../storage/migrator';
import { loadOrCreateJwtKeys } from '../keys/jwt-keys';
import { AccessTokenService } from '../services/access-token.service';
import { systemClock } from '../util/clock';
import { seedUser } from '../../bench/server/fixtures';
import { ApiError } from './errors';
import { Authenticator, requireSession, requireUser, SessionBoundQuery } from './auth-guard';

const NOW = '2026-11-22T00:00:00+00:00';
const username = new SessionBoundQuery([], (base) => base.select('users.username'));

describe.each(dialects)('session checks on $name', ({ create }) => {
  let database: TestDatabase;
  let store: OpenDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let tokens: AccessTokenService;
  let userId: string;

  /** A fresh login session of the user: an active refresh token family and an access token bound to it. */
  async function newSession(): Promise<{ token: string; family: string }> {
    const family = randomUUID();
    await store.db.insertInto('refresh_tokens').values({ id: randomUUID(), user_id: userId, token: randomUUID(), family_id: family, active: 1,
      expires: '2999-01-01T00:00:00+00:00', created: NOW, modified: NOW }).execute();
    return { token: await tokens.issue({ userId, sessionId: family }), family };
  }
  const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    database = await create();
    store = openDatabase(database.url);
    await migrate(store.db, store.dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-guard-'));
    await installFixtureKeys(dataDir);
    tokens = new AccessTokenService(await loadOrCreateJwtKeys(dataDir), systemClock, () => 'http://guard.test/');
    const authenticator = new Authenticator(store.db, tokens, systemClock);
    userId = (await seedUser(store.db, { username: `guard-${randomUUID().slice(0, 8)}@example.com` })).id;

    app = Fastify();
    app.decorateRequest('user', null);
    app.decorateRequest('pendingSession', null);
    app.addHook('onRequest', async (request) => { await authenticator.authenticate(request); });
    app.setErrorHandler((error: Error, _request, reply) =>
      reply.code(error instanceof ApiError ? error.status : 500).send({ message: error.message }));
    const inQuery = { config: { sessionCheck: 'in-route-query' as const } };
    app.get('/in-query/run', inQuery, async (request) => {
      const row = await requireSession(request).run(username, store.db, {});
      return { username: row.username, user: request.user };
    });
    app.get('/in-query/user', inQuery, async (request) => {
      const user = await requireSession(request).user();
      return { user, same: request.user === user };
    });
    app.get('/in-query/require-user', inQuery, async (request) => requireUser(request));
    app.get('/hook/require-user', async (request) => requireUser(request));
    app.get('/hook/require-session', async (request) => requireSession(request));
    await app.ready();
  });
  afterAll(async () => { await app?.close(); await store?.close(); await database?.drop(); if (dataDir) rmSync(dataDir, { recursive: true, force: true }); });

  it('runs the route query with the session check and sets request.user from its row', async () => {
    const { token, family } = await newSession();
    const res = await get('/in-query/run', token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: expect.stringMatching(/^guard-/), user: { id: userId, roleName: 'user', sessionId: family } });
    const alone = await get('/in-query/user', token);
    expect(alone.statusCode).toBe(200);
    expect(alone.json()).toMatchObject({ user: { id: userId }, same: true });
  });

  it('never gives an in-query route a user from the hook: requireUser there is 401 even for a live session', async () => {
    const { token } = await newSession();
    expect((await get('/hook/require-user', token)).statusCode).toBe(200);
    expect((await get('/in-query/require-user', token)).statusCode).toBe(401);
  });

  it('refuses requireSession on a route that did not declare the in-query check', async () => {
    const { token } = await newSession();
    const res = await get('/hook/require-session', token);
    expect(res.statusCode).toBe(500);
    expect(res.json().message).toMatch(/only for routes declared/);
  });

  it('answers 401 without a token, for a bad token, and once the session is gone or the account unusable', async () => {
    expect((await get('/in-query/run')).statusCode).toBe(401);
    expect((await get('/in-query/run', 'a.b.c')).statusCode).toBe(401);
    const { token, family } = await newSession();
    expect((await get('/in-query/run', token)).statusCode).toBe(200);
    await store.db.updateTable('refresh_tokens').set({ active: 0 }).where('family_id', '=', family).execute();
    for (const url of ['/in-query/run', '/in-query/user', '/hook/require-user']) expect((await get(url, token)).statusCode, url).toBe(401);

    const live = await newSession();
    await store.db.updateTable('users').set({ deleted: 1 }).where('id', '=', userId).execute();
    try {
      for (const url of ['/in-query/run', '/in-query/user', '/hook/require-user']) expect((await get(url, live.token)).statusCode, url).toBe(401);
    } finally {
      await store.db.updateTable('users').set({ deleted: 0 }).where('id', '=', userId).execute();
    }
    expect((await get('/in-query/run', live.token)).statusCode).toBe(200);
  });
});
