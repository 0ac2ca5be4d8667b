// One account's local cache: a better-sqlite3 database (WAL) whose every user-data value is sealed with
// AES-256-GCM under the account's device key, bound to its table and id.
//
//   const cache = AccountCache.open<MyTypes>(`${dir}/${accountId}.db`, deviceKey); // WrongDeviceKeyError, CacheFromTheFutureError
//   cache.resources.upsert([{ id, name, username, ... }]);      // any JSON-serialisable record with an `id`
//   cache.resources.list();                                      // all rows, opened and parsed (unlock path)
//   cache.secrets.get(resourceId);  cache.permissions.listByResource(resourceId);
//   cache.meta.set('server-key', armored);  cache.meta.getJson<T>('password-policy');
//   cache.replaceAll({ resources, users, groups, permissions, secrets }); // full sync, one transaction
//   cache.transaction(() => { ...several calls... });                   // atomic batch
//   cache.close();                                                       // checkpoints the WAL, zeroes the key copy
//
// Records are stored as sealed JSON, so their shape is the caller's (D2's vault-records); AccountCache is generic
// over it. Secrets are keyed by `resourceId` (the caller's own row per resource), permissions by `id` with a
// `resourceId` index. Nothing but server ids and our own meta names is stored in clear (see migrations/0001).
import { closeSync, openSync } from 'node:fs';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { migrateCache } from './migrator';
import { RowSealer, SealError } from './row-sealer';

/** The record shapes a cache stores; the defaults only require the keys. */
export interface CacheRecordTypes {
  resources: { id: string };
  users: { id: string };
  groups: { id: string };
  permissions: { id: string; resourceId: string };
  secrets: { resourceId: string };
}

/** The device key does not open this cache (the keychain entry was replaced or lost): delete the file and resync. */
export class WrongDeviceKeyError extends Error {
  constructor() {
    super('The local cache was sealed with a different device key.');
    this.name = 'WrongDeviceKeyError';
  }
}

const KEY_CHECK = '__key_check__';
const KEY_CHECK_VALUE = 'tessera-cache';

export class SealedCollection<T> {
  readonly #stmts: {
    upsert: Statement; get: Statement; all: Statement; del: Statement; clear: Statement; count: Statement;
    byParent?: Statement; delByParent?: Statement;
  };

  constructor(
    readonly db: Database,
    private readonly sealer: RowSealer,
    readonly table: string,
    idColumn: string,
    private readonly idOf: (record: T) => string,
    private readonly parent?: { column: string; of: (record: T) => string },
  ) {
    const cols = parent ? `${idColumn}, ${parent.column}, sealed` : `${idColumn}, sealed`;
    const params = parent ? '?, ?, ?' : '?, ?';
    this.#stmts = {
      upsert: db.prepare(`INSERT OR REPLACE INTO ${table} (${cols}) VALUES (${params})`),
      get: db.prepare(`SELECT sealed FROM ${table} WHERE ${idColumn} = ?`).pluck(),
      all: db.prepare(`SELECT ${idColumn}, sealed FROM ${table}`).raw(),
      del: db.prepare(`DELETE FROM ${table} WHERE ${idColumn} = ?`),
      clear: db.prepare(`DELETE FROM ${table}`),
      count: db.prepare(`SELECT count(*) FROM ${table}`).pluck(),
      ...(parent && {
        byParent: db.prepare(`SELECT ${idColumn}, sealed FROM ${table} WHERE ${parent.column} = ?`).raw(),
        delByParent: db.prepare(`DELETE FROM ${table} WHERE ${parent.column} = ?`),
      }),
    };
  }

  #open(id: string, sealed: Buffer): T {
    return JSON.parse(this.sealer.openString(sealed, this.table, id)) as T;
  }

  /** Inserts or replaces each record by id, in one transaction. */
  upsert(records: readonly T[]): void {
    this.db.transaction(() => {
      for (const record of records) {
        const id = this.idOf(record);
        const sealed = this.sealer.seal(JSON.stringify(record), this.table, id);
        if (this.parent) this.#stmts.upsert.run(id, this.parent.of(record), sealed);
        else this.#stmts.upsert.run(id, sealed);
      }
    })();
  }

  get(id: string): T | undefined {
    const sealed = this.#stmts.get.get(id) as Buffer | undefined;
    return sealed ? this.#open(id, sealed) : undefined;
  }

  /** Every record, opened. The bulk-load path of unlock: one query, one AES-GCM open and JSON.parse per row. */
  list(): T[] {
    const rows = this.#stmts.all.all() as [string, Buffer][];
    return rows.map(([id, sealed]) => this.#open(id, sealed));
  }

  /** Deletes by id, in one transaction; returns how many rows went. */
  delete(ids: readonly string[]): number {
    let changes = 0;
    this.db.transaction(() => {
      for (const id of ids) changes += this.#stmts.del.run(id).changes;
    })();
    return changes;
  }

  /** Deletes everything, then inserts `records`, in one transaction. */
  replaceAll(records: readonly T[]): void {
    this.db.transaction(() => {
      this.#stmts.clear.run();
      this.upsert(records);
    })();
  }

  count(): number {
    return this.#stmts.count.get() as number;
  }

  protected listByParentId(parentId: string): T[] {
    const rows = this.#stmts.byParent?.all(parentId) as [string, Buffer][];
    return rows.map(([id, sealed]) => this.#open(id, sealed));
  }

  protected deleteByParentIds(parentIds: readonly string[]): number {
    let changes = 0;
    this.db.transaction(() => {
      for (const id of parentIds) changes += this.#stmts.delByParent?.run(id).changes ?? 0;
    })();
    return changes;
  }
}

export class PermissionCollection<T extends { id: string; resourceId: string }> extends SealedCollection<T> {
  constructor(db: Database, sealer: RowSealer) {
    super(db, sealer, 'permissions', 'id', (p) => p.id, { column: 'resource_id', of: (p) => p.resourceId });
  }

  listByResource(resourceId: string): T[] {
    return this.listByParentId(resourceId);
  }

  deleteByResource(resourceIds: readonly string[]): number {
    return this.deleteByParentIds(resourceIds);
  }
}

/** Named values (server key pin, last sync time, sealed private key, policies), each sealed. */
export class SealedMeta {
  readonly #get: Statement;
  readonly #set: Statement;
  readonly #del: Statement;
  readonly #names: Statement;

  constructor(private readonly db: Database, private readonly sealer: RowSealer) {
    this.#get = db.prepare('SELECT sealed FROM meta WHERE name = ?').pluck();
    this.#set = db.prepare('INSERT OR REPLACE INTO meta (name, sealed) VALUES (?, ?)');
    this.#del = db.prepare('DELETE FROM meta WHERE name = ?');
    this.#names = db.prepare('SELECT name FROM meta').pluck();
  }

  get(name: string): string | undefined {
    const sealed = this.#get.get(name) as Buffer | undefined;
    return sealed ? this.sealer.openString(sealed, 'meta', name) : undefined;
  }

  set(name: string, value: string): void {
    this.#set.run(name, this.sealer.seal(value, 'meta', name));
  }

  delete(name: string): void {
    this.#del.run(name);
  }

  getJson<T>(name: string): T | undefined {
    const text = this.get(name);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  setJson(name: string, value: unknown): void {
    this.set(name, JSON.stringify(value));
  }

  names(): string[] {
    return (this.#names.all() as string[]).filter((n) => n !== KEY_CHECK);
  }

  /** Used by `open`: writes the key-check value on a new cache, verifies it on an existing one. */
  checkKey(): void {
    const sealed = this.#get.get(KEY_CHECK) as Buffer | undefined;
    if (!sealed) {
      this.set(KEY_CHECK, KEY_CHECK_VALUE);
      return;
    }
    try {
      if (this.sealer.openString(sealed, 'meta', KEY_CHECK) === KEY_CHECK_VALUE) return;
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
    }
    throw new WrongDeviceKeyError();
  }

  /** Keeps only the key-check row (used by AccountCache.replaceAll when meta is replaced). */
  clearAll(): void {
    this.db.prepare('DELETE FROM meta WHERE name <> ?').run(KEY_CHECK);
  }
}

export interface ReplaceAllInput<T extends CacheRecordTypes> {
  resources?: readonly T['resources'][];
  users?: readonly T['users'][];
  groups?: readonly T['groups'][];
  permissions?: readonly T['permissions'][];
  secrets?: readonly T['secrets'][];
  /** Values to set; other meta entries are kept. */
  meta?: Readonly<Record<string, string>>;
}

export class AccountCache<T extends CacheRecordTypes = CacheRecordTypes> {
  readonly resources: SealedCollection<T['resources']>;
  readonly users: SealedCollection<T['users']>;
  readonly groups: SealedCollection<T['groups']>;
  readonly permissions: PermissionCollection<T['permissions']>;
  readonly secrets: SealedCollection<T['secrets']>;
  readonly meta: SealedMeta;
  #closed = false;

  private constructor(readonly path: string, private readonly db: Database, private readonly sealer: RowSealer) {
    this.resources = new SealedCollection(db, sealer, 'resources', 'id', (r) => r.id);
    this.users = new SealedCollection(db, sealer, 'users', 'id', (r) => r.id);
    this.groups = new SealedCollection(db, sealer, 'groups', 'id', (r) => r.id);
    this.permissions = new PermissionCollection(db, sealer);
    this.secrets = new SealedCollection(db, sealer, 'secrets', 'resource_id', (s) => s.resourceId);
    this.meta = new SealedMeta(db, sealer);
  }

  /**
   * Opens (creating and migrating as needed) the cache at `path`, sealed under `deviceKey` (32 bytes; copied).
   * New files are created readable by the current user only (SQLite gives -wal/-shm the same mode).
   */
  static open<T extends CacheRecordTypes = CacheRecordTypes>(path: string, deviceKey: Uint8Array): AccountCache<T> {
    closeSync(openSync(path, 'a', 0o600));
    const db = new BetterSqlite3(path);
    const sealer = new RowSealer(deviceKey);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrateCache(db);
      const cache = new AccountCache<T>(path, db, sealer);
      cache.meta.checkKey();
      return cache;
    } catch (err) {
      db.close();
      sealer.wipe();
      throw err;
    }
  }

  /** Runs `fn` in one SQLite transaction (nested collection calls join it). */
  transaction<R>(fn: () => R): R {
    return this.db.transaction(fn)();
  }

  /** A full sync: each collection given is emptied and refilled; all in one transaction. */
  replaceAll(input: ReplaceAllInput<T>): void {
    this.transaction(() => {
      if (input.resources) this.resources.replaceAll(input.resources);
      if (input.users) this.users.replaceAll(input.users);
      if (input.groups) this.groups.replaceAll(input.groups);
      if (input.permissions) this.permissions.replaceAll(input.permissions);
      if (input.secrets) this.secrets.replaceAll(input.secrets);
      for (const [name, value] of Object.entries(input.meta ?? {})) this.meta.set(name, value);
    });
  }

  /** Empties every collection and meta entry (e.g. the account was signed out), keeping the file. */
  clear(): void {
    this.transaction(() => {
      for (const c of [this.resources, this.users, this.groups, this.permissions, this.secrets]) c.replaceAll([]);
      this.meta.clearAll();
    });
  }

  get isOpen(): boolean {
    return !this.#closed;
  }

  /** Checkpoints the WAL into the main file (leaving no -wal content), closes, and zeroes the key copy. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
      this.sealer.wipe();
    }
  }
}
