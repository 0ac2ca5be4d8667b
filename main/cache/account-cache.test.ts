// AccountCache on real SQLite files: repository behaviour, sealing at rest (canary grep over the database, its WAL
// and shared-memory/journal files, with a positive control), row binding, key checks and atomic full syncs.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountCache, WrongDeviceKeyError } from './account-cache';
import { CacheFromTheFutureError } from './migrator';
import { SealError } from './row-sealer';

interface Resource { id: string; resourceTypeId: string; name: string; username: string | null; uri: string | null; description: string | null; permission: number; favoriteId: string | null; modified: string }
interface User { id: string; username: string; firstName: string; lastName: string; fingerprint: string; armoredKey: string }
interface Group { id: string; name: string; members: { userId: string; isAdmin: boolean }[] }
interface Permission { id: string; resourceId: string; aro: 'User' | 'Group'; aroId: string; type: number }
interface Secret { resourceId: string; data: string; resourceModified: string }
type Types = { resources: Resource; users: User; groups: Group; permissions: Permission; secrets: Secret };

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-cache-'));
  dirs.push(dir);
  return join(dir, 'account.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const uuid = (): string => crypto.randomUUID();

function resource(overrides: Partial<Resource> = {}): Resource {
  return { id: uuid(), resourceTypeId: uuid(), name: 'name', username: 'user', uri: 'https://x', description: null, permission: 15, favoriteId: null, modified: '2026-11-22T02:00:00+00:00', ...overrides };
}

/** Every file SQLite may write for this database. */
function databaseFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].filter((f) => existsSync(f));
}

function hits(path: string, canaries: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of databaseFiles(path)) {
    const bytes = readFileSync(file);
    for (const canary of canaries) {
      if (bytes.includes(Buffer.from(canary, 'utf8')) || bytes.includes(Buffer.from(canary, 'utf16le'))) found.push(`${canary} in ${file}`);
    }
  }
  return found;
}

describe('AccountCache repository', () => {
  it('upserts, gets, lists, deletes and counts records in each collection', () => {
    const cache = AccountCache.open<Types>(tempPath(), randomBytes(32));
    const a = resource({ name: 'A' });
    const b = resource({ name: 'B' });
    cache.resources.upsert([a, b]);
    expect(cache.resources.get(a.id)).toEqual(a);
    cache.resources.upsert([{ ...a, name: 'A2' }]);
    expect(cache.resources.get(a.id)?.name).toBe('A2');
    expect(cache.resources.list().map((r) => r.name).sort()).toEqual(['A2', 'B']);
    expect(cache.resources.count()).toBe(2);
    expect(cache.resources.delete([a.id, 'missing'])).toBe(1);
    expect(cache.resources.get(a.id)).toBeUndefined();

    const p1: Permission = { id: uuid(), resourceId: b.id, aro: 'User', aroId: uuid(), type: 15 };
    const p2: Permission = { id: uuid(), resourceId: b.id, aro: 'Group', aroId: uuid(), type: 1 };
    const p3: Permission = { id: uuid(), resourceId: uuid(), aro: 'User', aroId: uuid(), type: 7 };
    cache.permissions.upsert([p1, p2, p3]);
    expect(cache.permissions.listByResource(b.id).map((p) => p.id).sort()).toEqual([p1.id, p2.id].sort());
    expect(cache.permissions.deleteByResource([b.id])).toBe(2);
    expect(cache.permissions.list()).toEqual([p3]);

    const secret: Secret = { resourceId: b.id, data: '-----BEGIN PGP MESSAGE-----...', resourceModified: b.modified };
    cache.secrets.upsert([secret]);
    expect(cache.secrets.get(b.id)).toEqual(secret);

    cache.meta.set('last-sync', '2026-11-22T02:31:53+00:00');
    cache.meta.setJson('password-policy', { length: 18 });
    expect(cache.meta.get('last-sync')).toBe('2026-11-22T02:31:53+00:00');
    expect(cache.meta.getJson('password-policy')).toEqual({ length: 18 });
    expect(cache.meta.names().sort()).toEqual(['last-sync', 'password-policy']);
    cache.meta.delete('last-sync');
    expect(cache.meta.get('last-sync')).toBeUndefined();
    cache.close();
    cache.close(); // idempotent
    expect(cache.isOpen).toBe(false);
  });

  it('persists across close and reopen with the same device key', () => {
    const path = tempPath();
    const key = randomBytes(32);
    const r = resource();
    const first = AccountCache.open<Types>(path, key);
    first.resources.upsert([r]);
    first.meta.set('server-key-fingerprint', 'ABCDEF');
    first.close();
    const again = AccountCache.open<Types>(path, key);
    expect(again.resources.list()).toEqual([r]);
    expect(again.meta.get('server-key-fingerprint')).toBe('ABCDEF');
    again.close();
  });

  it('replaceAll swaps whole collections in one transaction, and rolls back on failure', () => {
    const cache = AccountCache.open<Types>(tempPath(), randomBytes(32));
    const old = resource({ name: 'old' });
    cache.resources.upsert([old]);
    const fresh = [resource({ name: 'new1' }), resource({ name: 'new2' })];
    const user: User = { id: uuid(), username: 'u@example.com', firstName: 'U', lastName: 'V', fingerprint: 'F', armoredKey: 'K' };
    cache.replaceAll({ resources: fresh, users: [user], meta: { 'last-sync': 't1' } });
    expect(cache.resources.list().map((r) => r.name).sort()).toEqual(['new1', 'new2']);
    expect(cache.users.list()).toEqual([user]);
    expect(cache.meta.get('last-sync')).toBe('t1');

    // A record that cannot be serialised half-way through: nothing of the batch may stay.
    const broken = { ...resource(), name: 10n } as unknown as Resource;
    expect(() => cache.replaceAll({ resources: [resource({ name: 'partial' }), broken], meta: { 'last-sync': 't2' } })).toThrow();
    expect(cache.resources.list().map((r) => r.name).sort()).toEqual(['new1', 'new2']);
    expect(cache.meta.get('last-sync')).toBe('t1');

    cache.clear();
    expect(cache.resources.count() + cache.users.count()).toBe(0);
    expect(cache.meta.names()).toEqual([]);
    cache.close();
  });

  it('bulk-loads 10,000 rows', () => {
    const path = tempPath();
    const key = randomBytes(32);
    const cache = AccountCache.open<Types>(path, key);
    cache.resources.upsert(Array.from({ length: 10_000 }, (_, i) => resource({ name: `resource ${i}` })));
    cache.close();
    const reopened = AccountCache.open<Types>(path, key);
    const all = reopened.resources.list();
    expect(all).toHaveLength(10_000);
    expect(new Set(all.map((r) => r.name)).size).toBe(10_000);
    reopened.close();
  });
});

describe('AccountCache security', () => {
  it('keeps every user-data value sealed at rest: canaries written through every method never appear in the files', () => {
    const path = tempPath();
    const key = randomBytes(32);
    const canaries: string[] = [];
    const c = (label: string): string => {
      const value = `CANARY-${label}-${randomBytes(4).toString('hex')}`;
      canaries.push(value);
      return value;
    };
    const cache = AccountCache.open<Types>(path, key);
    const resourceIds = [uuid(), uuid(), uuid()];
    const res = (id: string, tag: string): Resource => ({
      id, resourceTypeId: c(`${tag}-type`), name: c(`${tag}-name`), username: c(`${tag}-username`), uri: c(`${tag}-uri`),
      description: c(`${tag}-description`), permission: 15, favoriteId: c(`${tag}-favorite`), modified: c(`${tag}-modified`),
    });
    const user = (tag: string): User => ({
      id: uuid(), username: c(`${tag}-email`), firstName: c(`${tag}-first`), lastName: c(`${tag}-last`),
      fingerprint: c(`${tag}-fingerprint`), armoredKey: `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${c(`${tag}-armored`)}`,
    });
    const group = (tag: string): Group => ({ id: uuid(), name: c(`${tag}-group`), members: [{ userId: uuid(), isAdmin: true }] });
    const perm = (resourceId: string, tag: string): Permission => ({ id: uuid(), resourceId, aro: 'User', aroId: uuid(), type: Number(tag.length) });
    const secret = (resourceId: string, tag: string): Secret => ({ resourceId, data: `-----BEGIN PGP MESSAGE-----\n${c(`${tag}-secret`)}`, resourceModified: c(`${tag}-secret-modified`) });

    cache.resources.upsert([res(resourceIds[0] as string, 'upsert')]);
    cache.resources.replaceAll([res(resourceIds[1] as string, 'collection-replace')]);
    cache.users.upsert([user('upsert')]);
    cache.groups.upsert([group('upsert')]);
    cache.permissions.upsert([perm(resourceIds[1] as string, 'upsert')]);
    cache.secrets.upsert([secret(resourceIds[1] as string, 'upsert')]);
    cache.meta.set('server-key', `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${c('server-key')}`);
    cache.meta.set('server-key-fingerprint', c('pin'));
    cache.meta.set('private-key', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n${c('private-key')}`);
    cache.meta.setJson('password-policy', { default_generator: c('policy') });
    cache.meta.set('last-sync', c('last-sync'));
    cache.transaction(() => cache.groups.upsert([group('transaction')]));
    cache.replaceAll({
      resources: [res(resourceIds[2] as string, 'replace'), res(resourceIds[1] as string, 'replace-b')],
      users: [user('replace')], groups: [group('replace')], permissions: [perm(resourceIds[2] as string, 'replace')],
      secrets: [secret(resourceIds[2] as string, 'replace')], meta: { 'user-passphrase-policy': c('replace-meta') },
    });
    cache.resources.delete([resourceIds[1] as string]);

    // While open: the WAL holds every page written so far.
    expect(databaseFiles(path).some((f) => f.endsWith('-wal'))).toBe(true);
    expect(hits(path, canaries)).toEqual([]);
    cache.close();
    expect(hits(path, canaries)).toEqual([]);

    // The data is really there: reopening with the key reads canaries back.
    const reopened = AccountCache.open<Types>(path, key);
    const readable = JSON.stringify([reopened.resources.list(), reopened.users.list(), reopened.groups.list(), reopened.secrets.list(), reopened.meta.getJson('password-policy'), reopened.meta.get('server-key')]);
    expect(readable).toContain('CANARY-replace-name');
    expect(readable).toContain('CANARY-replace-secret');
    expect(readable).toContain('CANARY-server-key');
    reopened.close();

    // Positive control: the same grep finds a canary written unsealed into the same database.
    const control = `CANARY-control-${randomBytes(4).toString('hex')}`;
    const raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE control (v TEXT)');
    raw.prepare('INSERT INTO control (v) VALUES (?)').run(control);
    expect(hits(path, [control]).length).toBeGreaterThan(0); // found in the WAL while open
    raw.close();
    expect(hits(path, [control]).length).toBeGreaterThan(0); // and in the main file after the checkpoint on close
  });

  it('binds a row to its id: a sealed value copied onto another row does not open', () => {
    const path = tempPath();
    const key = randomBytes(32);
    const cache = AccountCache.open<Types>(path, key);
    const a = resource({ name: 'secret name A' });
    const b = resource({ name: 'B' });
    cache.resources.upsert([a, b]);
    cache.close();
    const raw = new BetterSqlite3(path);
    raw.prepare('UPDATE resources SET sealed = (SELECT sealed FROM resources WHERE id = ?) WHERE id = ?').run(a.id, b.id);
    raw.prepare('INSERT INTO users (id, sealed) SELECT id, sealed FROM resources WHERE id = ?').run(a.id);
    raw.close();
    const reopened = AccountCache.open<Types>(path, key);
    expect(reopened.resources.get(a.id)?.name).toBe('secret name A');
    expect(() => reopened.resources.get(b.id)).toThrow(SealError);
    expect(() => reopened.users.get(a.id)).toThrow(SealError);
    reopened.close();
  });

  it('refuses another device key with WrongDeviceKeyError', () => {
    const path = tempPath();
    AccountCache.open(path, randomBytes(32)).close();
    expect(() => AccountCache.open(path, randomBytes(32))).toThrow(WrongDeviceKeyError);
  });

  it('refuses a cache written by a newer app', () => {
    const path = tempPath();
    AccountCache.open(path, randomBytes(32)).close();
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => AccountCache.open(path, randomBytes(32))).toThrow(CacheFromTheFutureError);
  });

  it('creates the database and its WAL readable by the owner only', () => {
    const path = tempPath();
    const cache = AccountCache.open(path, randomBytes(32));
    cache.resources.upsert([{ id: uuid() }]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    cache.close();
  });
});

describe('AccountCache against an in-memory model (property-based)', () => {
  it('agrees with a Map model through random upserts, deletes, replaceAll and reopen', async () => {
    const fc = await import('fast-check');
    const ids = ['a', 'b', 'c', 'd', 'e'].map((x) => `00000000-0000-4000-8000-00000000000${x}`);
    const id = fc.constantFrom(...ids);
    const perm = fc.record({ id, resourceId: id, aro: fc.constantFrom('User' as const, 'Group' as const), aroId: fc.constantFrom('u1', 'g1'), type: fc.constantFrom(1, 7, 15) });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('upsert' as const), items: fc.array(fc.record({ id, name: fc.string({ maxLength: 12 }) }), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('delete' as const), ids: fc.array(id, { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('replace' as const), items: fc.array(fc.record({ id, name: fc.string({ maxLength: 12 }) }), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('perm' as const), items: fc.array(perm, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('permDelete' as const), resourceIds: fc.array(id, { maxLength: 2 }) }),
      fc.record({ kind: fc.constant('meta' as const), name: fc.constantFrom('x', 'y'), value: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }),
      fc.constant({ kind: 'reopen' as const }),
    );
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      const path = tempPath();
      const key = randomBytes(32);
      type T = { resources: { id: string; name: string }; users: { id: string }; groups: { id: string }; permissions: Permission; secrets: { resourceId: string } };
      let cache = AccountCache.open<T>(path, key);
      const resources = new Map<string, { id: string; name: string }>();
      const permissions = new Map<string, Permission>();
      const meta = new Map<string, string>();
      try {
        for (const o of ops) {
          if (o.kind === 'upsert') { cache.resources.upsert(o.items); for (const r of o.items) resources.set(r.id, r); }
          if (o.kind === 'delete') { cache.resources.delete(o.ids); for (const i of o.ids) resources.delete(i); }
          if (o.kind === 'replace') { cache.replaceAll({ resources: o.items }); resources.clear(); for (const r of o.items) resources.set(r.id, r); }
          if (o.kind === 'perm') { cache.permissions.upsert(o.items); for (const p of o.items) permissions.set(p.id, p); }
          if (o.kind === 'permDelete') { cache.permissions.deleteByResource(o.resourceIds); for (const [k, p] of permissions) if (o.resourceIds.includes(p.resourceId)) permissions.delete(k); }
          if (o.kind === 'meta') { if (o.value === undefined) { cache.meta.delete(o.name); meta.delete(o.name); } else { cache.meta.set(o.name, o.value); meta.set(o.name, o.value); } }
          if (o.kind === 'reopen') { cache.close(); cache = AccountCache.open<T>(path, key); }
          const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
          expect(cache.resources.list().sort(byId)).toEqual([...resources.values()].sort(byId));
          expect(cache.permissions.list().sort(byId)).toEqual([...permissions.values()].sort(byId));
          for (const rid of ids) {
            expect(cache.permissions.listByResource(rid).sort(byId)).toEqual([...permissions.values()].filter((p) => p.resourceId === rid).sort(byId));
            expect(cache.resources.get(rid)).toEqual(resources.get(rid));
          }
          expect(Object.fromEntries(cache.meta.names().map((n) => [n, cache.meta.get(n)]))).toEqual(Object.fromEntries(meta));
        }
      } finally {
        cache.close();
      }
    }), { numRuns: 40 });
  });
});
