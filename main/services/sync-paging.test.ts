// The full sync's paging against a real server: each page continues after the previous page's last row and is
// applied (searchable) before the next arrives; a Passbolt server that ignores `after` gets the same vault through
// `page`; a list that changes under the paging is paged through again, and removes nothing while it keeps changing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/database';
import { seedResources } from '../../bench/server/seed';
import type { QueryOptions } from '../api/url';
import type { ResourceList } from '../api/resources-api';
import { PassphrasePolicyService } from './passphrase-policy.service';
import { SearchIndex } from './search/search.service';
import { SyncService } from './sync.service';
import { createDesktopMachine, type DesktopMachine } from './test-support/desktop-machine';
import { startRangeApi, type RangeApi } from './test-support/range-api';
import { startTestServer, type TestServer } from './test-support/server';

let server: TestServer;
let rangeApi: RangeApi;
let machine: DesktopMachine;
let userId: string;
let seeded: string[];

/** What the sync asked for and when pages were applied, in order. */
type Step = { request: QueryOptions } | { changed: number };

beforeAll(async () => {
  rangeApi = await startRangeApi([]);
  server = await startTestServer();
  machine = createDesktopMachine({ checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }), createIndex: () => new SearchIndex() });
  const passphrase = 'ada has a long and unusual passphrase 2026';
  const joined = await machine.accounts.join(await server.createAdminLink('ada@example.com'), passphrase);
  userId = joined.account.userId;
  await machine.session.unlock(joined.account.id, passphrase);
  const db = openDatabase(server.database.url);
  try {
    seeded = await seedResources(db.db, { count: 25, ownerId: userId, secretFor: new Map(), grants: [], namePrefix: 'paged' });
    // Spread creation times, with ties, as a vault built over time has them.
    for (const [i, id] of seeded.entries()) {
      const created = new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 3))).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      await db.db.updateTable('resources').set({ created, modified: created }).where('id', '=', id).execute();
    }
  } finally {
    await db.close();
  }
}, 180_000);

afterAll(async () => {
  await machine?.close();
  await server?.destroy();
  await rangeApi?.close();
});

/** A sync service with pages of 4 whose list requests and applied pages are recorded (and may be altered). */
function recordedSync(alter: (query: QueryOptions, call: number) => QueryOptions | Promise<QueryOptions> = (q) => q) {
  const steps: Step[] = [];
  const api = machine.session.current().api.resources;
  const list = api.list.bind(api);
  let calls = 0;
  api.list = async (query?: QueryOptions, signal?: AbortSignal): Promise<ResourceList> => {
    const step = { request: query ?? {} };
    steps.push(step); // when it is asked for, before anything else runs
    step.request = await alter(step.request, calls++);
    return list(step.request, signal);
  };
  // The vault publishes vault.changed into the machine's recorded events.
  const push = machine.events.push;
  machine.events.push = (...items) => {
    for (const e of items) {
      if (e.event === 'vault.changed') steps.push({ changed: (e.payload as { resourceIds: string[] }).resourceIds.length });
    }
    return push.apply(machine.events, items);
  };
  const sync = new SyncService(machine.session, machine.crypto, { publish: () => undefined }, { fullPageSize: 4 });
  return { sync, steps, restore: () => { api.list = list; machine.events.push = push; } };
}

const ids = () => [...machine.session.current().resources.keys()].sort();

describe('full sync paging', () => {
  it('continues each page after the last row received and applies every page before the next arrives', async () => {
    const { sync, steps, restore } = recordedSync();
    try {
      const report = await sync.sync({ full: true });
      expect(report).toMatchObject({ mode: 'full', added: 25, removed: 0, total: 25 });
      expect(ids()).toEqual([...seeded].sort());
      const requests = steps.flatMap((s) => ('request' in s ? [s.request] : []));
      expect(requests).toHaveLength(7);
      expect(requests[0]!.params).toBeUndefined();
      expect(requests.slice(1).every((q) => /^\S+\|[0-9a-f-]{36}$/.test(q.params?.after ?? ''))).toBe(true);
      // Page n is applied after page n+1 was asked for and before page n+2 was: searchable while the rest arrives.
      const order = steps.map((s) => ('request' in s ? 'request' : 'changed'));
      expect(order.slice(0, 4)).toEqual(['request', 'request', 'changed', 'request']);
      expect(steps.filter((s) => 'changed' in s).map((s) => (s as { changed: number }).changed)).toEqual([4, 4, 4, 4, 4, 4, 1]);
      expect(machine.vault.list({ search: 'paged-000024' })).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it('gets the same vault from a server that ignores after and pages by offset', async () => {
    const { sync, steps, restore } = recordedSync(({ params, ...rest }) => {
      void params;
      return rest;
    });
    try {
      const report = await sync.sync({ full: true });
      expect(report).toMatchObject({ mode: 'full', added: 0, updated: 0, removed: 0, total: 25 });
      expect(ids()).toEqual([...seeded].sort());
      expect(steps.flatMap((s) => ('request' in s ? [s.request.page] : []))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      restore();
    }
  });

  it('pages through again when the list changes under the paging: the deleted one goes, nothing else does', async () => {
    const victim = seeded[20]!;
    const { sync, steps, restore } = recordedSync(async (query, call) => {
      if (call === 2) { // between pages: a colleague deletes a resource further down the list
        const db = openDatabase(server.database.url);
        try {
          await db.db.updateTable('resources').set({ deleted: 1 }).where('id', '=', victim).execute();
          await db.db.deleteFrom('permissions').where('aco_foreign_key', '=', victim).execute();
        } finally {
          await db.close();
        }
      }
      return query;
    });
    try {
      const report = await sync.sync({ full: true });
      expect(report).toMatchObject({ mode: 'full', removed: 1, total: 24 });
      expect(ids()).toEqual(seeded.filter((id) => id !== victim).sort());
      const requests = steps.flatMap((s) => ('request' in s ? [s.request] : []));
      expect(requests.every((q) => q.limit === 4)).toBe(true); // never the whole list in one answer
      expect(requests.filter((q) => q.page === 1)).toHaveLength(2);
    } finally {
      restore();
    }
  });

  it('adds what appeared and removes what went since the last sync', async () => {
    const db = openDatabase(server.database.url);
    let added: string[];
    try {
      added = await seedResources(db.db, { count: 2, ownerId: userId, secretFor: new Map(), grants: [], namePrefix: 'new' });
      await db.db.deleteFrom('permissions').where('aco_foreign_key', '=', seeded[0]!).where('aro_foreign_key', '=', userId).execute();
      await db.db.insertInto('permissions').values({ id: randomUUID(), aco: 'Resource', aco_foreign_key: seeded[0]!, aro: 'User',
        aro_foreign_key: randomUUID(), type: 15, created: 'x', modified: 'x' }).execute();
    } finally {
      await db.close();
    }
    const { sync, restore } = recordedSync();
    try {
      const report = await sync.sync({ full: true });
      expect(report).toMatchObject({ mode: 'full', added: 2, removed: 1, total: 25 });
      expect(ids()).toEqual([...seeded.filter((id) => id !== seeded[0] && id !== seeded[20]), ...added].sort());
    } finally {
      restore();
    }
  });
  it('removes nothing while the list keeps changing under every pass', async () => {
    const before = ids();
    const db = openDatabase(server.database.url);
    const { sync, restore } = recordedSync(async (query, call) => {
      if (call === 2 || call === 9) { // during each of the two passes, a resource appears
        await seedResources(db.db, { count: 1, ownerId: userId, secretFor: new Map(), grants: [], namePrefix: `late${call}` });
      }
      return query;
    });
    try {
      const report = await sync.sync({ full: true });
      expect(report).toMatchObject({ mode: 'full', removed: 0 });
      expect(before.every((id) => ids().includes(id))).toBe(true);
      expect(machine.vault.list({ search: 'late2' })).toHaveLength(1);
    } finally {
      restore();
      await db.close();
    }
  });

});
