// fast-check throws malformed parameters, query strings, bodies and content types at every platform and
// identity route, anonymously and as user and admin: every answer must be < 500 and in the envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, inviteAndSetupUser } from '../test-support/users';
import { fuzzRoutes, type FuzzTarget } from '../test-support/fuzz';
import type { TestClient } from '../test-support/test-client';

const TARGETS: FuzzTarget[] = [
  { method: 'GET', path: '/healthcheck/status.json' },
  { method: 'HEAD', path: '/healthcheck/status.json' },
  { method: 'GET', path: '/auth/verify.json' },
  { method: 'GET', path: '/auth/jwt/rsa.json' },
  { method: 'GET', path: '/auth/jwt/jwks.json', raw: true },
  { method: 'POST', path: '/auth/jwt/login.json' },
  { method: 'POST', path: '/auth/jwt/refresh.json' },
  { method: 'GET', path: '/auth/is-authenticated.json' },
  { method: 'POST', path: '/auth/login.json' },
  { method: 'GET', path: '/auth/logout.json' },
  { method: 'GET', path: '/setup/start/:userId/:token.json' },
  { method: 'POST', path: '/setup/complete/:userId.json' },
  { method: 'GET', path: '/setup/recover/start/:userId/:token.json' },
  { method: 'POST', path: '/setup/recover/complete/:userId.json' },
  { method: 'POST', path: '/setup/recover/abort/:userId.json' },
  { method: 'GET', path: '/users.json' },
  { method: 'GET', path: '/users/me.json' },
  { method: 'GET', path: '/users/:id.json' },
  { method: 'POST', path: '/users.json' },
  { method: 'PUT', path: '/users/:id.json' },
  { method: 'POST', path: '/users/:id.json' },
  { method: 'DELETE', path: '/users/:id/dry-run.json' },
  { method: 'DELETE', path: '/users/:id.json' },
  { method: 'POST', path: '/users/recover.json' },
  { method: 'GET', path: '/roles.json' },
  { method: 'GET', path: '/gpgkeys.json' },
  { method: 'GET', path: '/gpgkeys/:id.json' },
  { method: 'GET', path: '/settings.json', headerOptional: true },
  { method: 'GET', path: '/password-policies/settings.json' },
  { method: 'POST', path: '/password-policies/settings.json' },
  { method: 'PUT', path: '/password-policies/settings.json' },
  { method: 'GET', path: '/user-passphrase-policies/settings.json' },
  { method: 'POST', path: '/user-passphrase-policies/settings.json' },
  { method: 'PUT', path: '/user-passphrase-policies/settings.json' },
  { method: 'GET', path: '/:anything.json' },
  { method: 'POST', path: '/:a/:b' },
];

describe.each(dialects)('malformed input on identity routes ($name)', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  let user: TestClient;
  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url, env: {
      TESSERA_RATE_LIMITS: 'login=100000/60,refresh=100000/60,setup=100000/60,recover=100000/60', TESSERA_LOG_LEVEL: 'warn' } });
    admin = await createAdmin(server);
    user = await inviteAndSetupUser(admin, server);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('never answers 5xx and always answers in the envelope', async () => {
    const failures = await fuzzRoutes(server.url, TARGETS, {
      auth: [null, user.accessToken, admin.accessToken, 'not-a-jwt'],
      ids: [admin.userId!, user.userId!],
      runs: 60,
    });
    expect(failures).toEqual([]);
    // The fuzzing did not break the accounts it ran as.
    expect((await admin.get('/users/me.json')).status).toBe(200);
  }, 600_000);

  it('reports an answer that is not in the envelope (the check itself can fail)', async () => {
    const failures = await fuzzRoutes(server.url, [{ method: 'GET', path: '/auth/jwt/jwks.json' }], { auth: [null], runs: 3 });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.status).toBe(200);
  });
});
