// The sync-scale benchmark's walk against a real server: it asks for the pages the desktop's sync asks for and no
// more. One extra, empty request per walk would count as a page of 1,000 in the per-page figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../../server/test-support/databases';
import { startServerInProcess, type InProcessServer } from '../../server/test-support/server-process';
import { openDatabase, type OpenDatabase } from '../../server/storage/database';
import { login, seedUser, type SeededUser } from '../server/fixtures';
import { seedResources } from '../server/seed';
import { timeServer } from './server-timing';

const QUERY = 'contain[permission]=1&sort=Resources.created&direction=asc&limit=1000';

let target: TestDatabase;
let server: InProcessServer;
let store: OpenDatabase;
let user: SeededUser;
let token: string;
let onePageToken: string;

beforeAll(async () => {
  target = await createSqliteDatabase();
  server = await startServerInProcess({ db: target.url });
  store = openDatabase(target.url);
  user = await seedUser(store.db);
  await seedResources(store.db, { count: 2000, ownerId: user.id, secretFor: new Map(), grants: [] });
  token = (await login(server.url, user)).token!;
  const onePage = await seedUser(store.db);
  await seedResources(store.db, { count: 1000, ownerId: onePage.id, secretFor: new Map(), grants: [] });
  onePageToken = (await login(server.url, onePage)).token!;
}, 60_000);

afterAll(async () => {
  await store?.close();
  await server?.stop();
  await target?.drop();
});

const walk = (minSamples: number, as = token) => timeServer({ baseUrl: server.url, token: as, mode: 'walk', query: QUERY, pageSize: 1000, minSamples });

describe('the benchmark walk', () => {
  it('stops at page 1\'s count when the vault fills its last page, and walks again for more samples', async () => {
    expect(await walk(1)).toMatchObject({ requests: 2, ms: [expect.any(Number)] });
    const again = await walk(3);
    expect(again.requests).toBe(6);
    expect(again.ms).toHaveLength(3);
  });

  it('walks a vault of one page as many times as it was asked for samples, timing no continued page', async () => {
    expect(await walk(3, onePageToken)).toEqual({ requests: 3, ms: [] });
  });

  it('stops at a short last page', async () => {
    await seedResources(store.db, { count: 500, ownerId: user.id, secretFor: new Map(), grants: [], firstIndex: 2000 });
    const walked = await walk(1);
    expect(walked.requests).toBe(3);
    expect(walked.ms).toHaveLength(2);
  });
});
