// Login, refresh, setup and recovery tell no one which accounts exist, on both databases: an unknown, deleted,
// disabled or never set up user gets exactly the answer of a known user with a wrong proof (status, message,
// body, and every envelope field that does not differ per request). Whether the work is the same too is
// measured by bench/server/login-enumeration.bench.ts, not here: timed assertions are not unit tests.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, inviteAndSetupUser, readSetupToken } from '../test-support/users';
import { generateKeyPair, TestClient, type ApiResponse } from '../test-support/test-client';

/** What a caller can compare between two answers: all but the per-request id, time and URL. */
function observable(res: ApiResponse): unknown {
  const { id: _id, servertime: _time, url: _url, ...header } = res.header;
  return { status: res.status, header, body: res.body, cookie: res.headers.get('set-cookie') };
}

/** Asserts every answer equals the first, naming the one that differs. */
function expectSameAnswers(answers: Record<string, ApiResponse>): void {
  const [reference, ...others] = Object.entries(answers);
  for (const [label, res] of others) expect(observable(res), `${label} vs ${reference![0]}`).toEqual(observable(reference![1]));
}

describe.each(dialects)('no account enumeration on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  let known: TestClient; let deleted: TestClient; let disabled: TestClient;
  let pending: { userId: string; token: string };
  const guest = () => new TestClient(server.url);

  async function invite(): Promise<{ userId: string; token: string }> {
    const res = await admin.post<{ id: string }>('/users.json', { username: `${randomUUID()}@example.com`,
      profile: { first_name: 'New', last_name: 'Comer' } });
    expect(res.status).toBe(200);
    return { userId: res.body.id, token: await readSetupToken(server.db, res.body.id) };
  }

  /** What `deleted` and `disabled` held while their accounts worked: a signed challenge, a refresh and a recover token. */
  const held = new Map<string, { challenge: string; refreshToken: string; recoverToken: string }>();

  beforeAll(async () => {
    database = await create();
    // Limits high enough for every comparison below; a 429 would be equal for everyone and hide a difference.
    server = await startServerProcess({ db: database.url, env: { TESSERA_RATE_LIMITS: 'login=1000/60,refresh=1000/60,setup=1000/60,recover=1000/60' } });
    admin = await createAdmin(server);
    [known, deleted, disabled] = [await inviteAndSetupUser(admin, server), await inviteAndSetupUser(admin, server),
      await inviteAndSetupUser(admin, server)];
    pending = await invite();
    for (const user of [known, deleted, disabled]) {
      await guest().post('/users/recover.json', { username: (await admin.get<{ username: string }>(`/users/${user.userId}.json`)).body.username });
      held.set(user.userId!, { challenge: (await user.buildChallenge()).armored, refreshToken: user.refreshToken!,
        recoverToken: await readSetupToken(server.db, user.userId!, 'recover') });
    }
    expect((await admin.delete(`/users/${deleted.userId}.json`)).status).toBe(200);
    expect((await admin.put(`/users/${disabled.userId}.json`, { disabled: new Date(Date.now() - 1000).toISOString() })).status).toBe(200);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('login: a wrong proof for a known user and any proof for an unknown, deleted, disabled or pending user', async () => {
    const stranger = await generateKeyPair();
    const signedByStranger = (await known.buildChallenge({}, stranger.privateKey)).armored;
    const garbage = '-----BEGIN PGP MESSAGE-----\n\nnot really\n-----END PGP MESSAGE-----';
    const login = (userId: string, challenge: string) => guest().post('/auth/jwt/login.json', { user_id: userId, challenge });
    const answers = {
      'known user, challenge signed by another key': await login(known.userId!, signedByStranger),
      'known user, garbage challenge': await login(known.userId!, garbage),
      'unknown user, challenge signed by another key': await login(randomUUID(), signedByStranger),
      'unknown user, a real user\'s valid challenge': await login(randomUUID(), (await known.buildChallenge()).armored),
      'unknown user, garbage challenge': await login(randomUUID(), garbage),
      'deleted user, own valid challenge': await login(deleted.userId!, held.get(deleted.userId!)!.challenge),
      'disabled user, own valid challenge': await login(disabled.userId!, held.get(disabled.userId!)!.challenge),
      'pending user, challenge signed by another key': await login(pending.userId, signedByStranger),
    };
    expectSameAnswers(answers);
    expect(answers['unknown user, garbage challenge'].status).toBe(400);
    expect(answers['unknown user, garbage challenge'].header.message).toBe('The authentication failed. The credentials are invalid.');
    // Control: the known user's own challenge still works.
    expect((await known.loginWith((await known.buildChallenge()).armored)).status).toBe(200);
  });

  it('refresh: a wrong token for a known user and any token for an unknown, deleted or disabled user', async () => {
    const refresh = (userId: string, token: string) => guest().post('/auth/jwt/refresh.json', { user_id: userId, refresh_token: token });
    const answers = {
      'known user, unknown token': await refresh(known.userId!, randomUUID()),
      'known user, another user\'s token': await refresh(known.userId!, admin.refreshToken!),
      'unknown user, unknown token': await refresh(randomUUID(), randomUUID()),
      'unknown user, a real token': await refresh(randomUUID(), known.refreshToken!),
      'deleted user, own token': await refresh(deleted.userId!, held.get(deleted.userId!)!.refreshToken),
      'disabled user, own token': await refresh(disabled.userId!, held.get(disabled.userId!)!.refreshToken),
    };
    expectSameAnswers(answers);
    expect(answers['unknown user, unknown token'].status).toBe(400);
  });

  it('setup: a wrong token for a pending user and any token for an unknown, deleted or already set up user', async () => {
    const doomed = await invite();
    expect((await admin.delete(`/users/${doomed.userId}.json`)).status).toBe(200);
    const key = (await generateKeyPair()).armoredPublic;
    const start = (userId: string, token: string) => guest().get(`/setup/start/${userId}/${token}.json`);
    const complete = (userId: string, token: string) => guest().post(`/setup/complete/${userId}.json`,
      { authentication_token: { token }, gpgkey: { armored_key: key } });
    for (const call of [start, complete]) {
      const answers = {
        'pending user, wrong token': await call(pending.userId, randomUUID()),
        'unknown user': await call(randomUUID(), randomUUID()),
        'unknown user, a pending user\'s token': await call(randomUUID(), pending.token),
        'deleted pending user, own token': await call(doomed.userId, doomed.token),
        'set up user': await call(known.userId!, randomUUID()),
      };
      expectSameAnswers(answers);
      expect(answers['unknown user'].status).toBe(400);
      expect(answers['unknown user'].header.message).toBe('The authentication token is not valid or has expired.');
    }
    expect((await start(pending.userId, pending.token)).status).toBe(200);
  });

  it('recovery: a wrong token for a known user and any token for an unknown, deleted, disabled or pending user', async () => {
    const tokens = new Map([...held].map(([id, h]) => [id, h.recoverToken]));
    const key = (await generateKeyPair()).armoredPublic;
    const calls = [
      (userId: string, token: string) => guest().get(`/setup/recover/start/${userId}/${token}.json`),
      (userId: string, token: string) => guest().post(`/setup/recover/complete/${userId}.json`,
        { authentication_token: { token }, gpgkey: { armored_key: key } }),
      (userId: string, token: string) => guest().post(`/setup/recover/abort/${userId}.json`, { authentication_token: { token } }),
    ];
    for (const call of calls) {
      expectSameAnswers({
        'known user, wrong token': await call(known.userId!, randomUUID()),
        'unknown user': await call(randomUUID(), randomUUID()),
        'unknown user, a real token': await call(randomUUID(), tokens.get(known.userId!)!),
        'deleted user, own token': await call(deleted.userId!, tokens.get(deleted.userId!)!),
        'disabled user, own token': await call(disabled.userId!, tokens.get(disabled.userId!)!),
        'pending user': await call(pending.userId, pending.token),
      });
    }
    expect((await calls[0]!(known.userId!, tokens.get(known.userId!)!)).status).toBe(200);
  });
});
