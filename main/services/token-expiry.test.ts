// A real access-token expiry: the server runs in this process with a clock the test moves (the CLI has no flag for
// the 5-minute lifetime), so after 6 minutes the server refuses the token and the client renews it with the
// rotated refresh token, transparently, in the middle of a sync.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../../server/test-support/databases';
import { startServerInProcess, type InProcessServer } from '../../server/test-support/server-process';
import { createAdminLink } from '../../server/test-support/users';
import { PassphrasePolicyService } from './passphrase-policy.service';
import { SearchIndex } from './search/search.service';
import { createDesktopMachine, type DesktopMachine } from './test-support/desktop-machine';
import { startRangeApi, type RangeApi } from './test-support/range-api';

let database: TestDatabase;
let server: InProcessServer;
let rangeApi: RangeApi;
let machine: DesktopMachine;
let offsetMs = 0;

beforeAll(async () => {
  database = await createSqliteDatabase();
  rangeApi = await startRangeApi([]);
  server = await startServerInProcess({ db: database.url, build: { clock: { nowMs: () => Date.now() + offsetMs } } });
  machine = createDesktopMachine({ checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), createIndex: () => new SearchIndex() });
}, 120_000);

afterAll(async () => {
  await machine?.close();
  await server?.stop();
  await rangeApi?.close();
  await database?.drop();
});

it('renews an expired access token with the refresh token and keeps working', async () => {
  const link = await createAdminLink({ url: server.url, db: database.url, dataDir: server.dataDir }, 'expiry@example.com');
  const passphrase = 'a passphrase long enough for the expiry test';
  const { account } = await machine.accounts.join(link, passphrase);
  await machine.session.unlock(account.id, passphrase);
  await machine.vault.create({ name: 'Before expiry', password: 'x' });
  const vault = machine.session.current();
  const firstAccess = vault.tokens.current()!;
  const firstRefresh = vault.tokens.refreshToken()!;

  offsetMs += 6 * 60_000; // past the 5-minute access-token lifetime
  const stale = await fetch(`${server.url}/users/me.json`, { headers: { Authorization: `Bearer ${firstAccess}`, Accept: 'application/json' } });
  expect(stale.status).toBe(401);

  let logins = 0;
  const login = machine.crypto.encryptLoginChallenge.bind(machine.crypto);
  machine.crypto.encryptLoginChallenge = (...args) => { logins++; return login(...args); };
  const report = await machine.sync.sync();
  expect(logins).toBe(0); // renewed by the refresh endpoint, not by logging in again
  expect(report.total).toBe(1);
  expect(vault.tokens.current()).not.toBe(firstAccess);
  expect(vault.tokens.refreshToken()).not.toBe(firstRefresh);
  await machine.vault.create({ name: 'After expiry', password: 'y' });
  expect(machine.vault.list().map((r) => r.name)).toEqual(['After expiry', 'Before expiry']);
});
