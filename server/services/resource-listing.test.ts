// The listing's SQL must be served by the indexes of 0060: a page sorted by creation or modification walks
// resources in index order from where the previous page ended (no sort of everything visible) and checks each
// row on the permissions index alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { migrate } from '../storage/migrator';
import { createSqliteDatabase, type TestDatabase } from '../test-support/databases';
import { BadRequestError } from '../http/errors';
import { continueAfter, parseAfter, visibleResources } from './resource-listing';

const AROS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
const AFTER = '2026-01-01T00:00:00+00:00|33333333-3333-4333-8333-333333333333';

describe('resource listing SQL on sqlite', () => {
  let target: TestDatabase;
  let open: OpenDatabase;
  let raw: SqliteDatabase.Database;
  beforeAll(async () => {
    target = await createSqliteDatabase();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    raw = new SqliteDatabase(target.url, { readonly: true });
  });
  afterAll(async () => { raw?.close(); await open?.close(); await target?.drop(); });

  const plan = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const { sql, parameters } = query.compile();
    return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((r) => r.detail).join(' | ');
  };
  const scope = () => visibleResources(open.db, { userId: AROS[0]!, aros: AROS, filter: {}, deletedTypes: [] });

  it('seeks resources_live_created to the continuation point and probes permissions by index', () => {
    const after = parseAfter(AFTER, 'Resources.created')!;
    const detail = plan(continueAfter(scope(), 'r.created', 'asc', after).selectAll('r')
      .orderBy('r.created', 'asc').orderBy('r.id', 'asc').limit(1000));
    expect(detail).toMatch(/SEARCH r USING INDEX resources_live_created \(deleted=\? AND \(created,id\)>\(\?,\?\)\)/);
    expect(detail).toMatch(/USING COVERING INDEX permissions_aro_resource_type/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('walks resources_live_modified newest first for an offset page', () => {
    const detail = plan(scope().selectAll('r').orderBy('r.modified', 'desc').orderBy('r.id', 'asc').limit(100).offset(100));
    expect(detail).toMatch(/SCAN r USING INDEX resources_live_modified|SEARCH r USING INDEX resources_live_modified/);
    expect(detail).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });

  it('reads a continuation only on the sorts it can follow', () => {
    expect(parseAfter(undefined, 'Resources.name')).toBeUndefined();
    expect(parseAfter(AFTER, 'Resources.modified')).toEqual({ value: '2026-01-01T00:00:00+00:00', id: '33333333-3333-4333-8333-333333333333' });
    expect(() => parseAfter(AFTER, 'Resources.name')).toThrow(BadRequestError);
    expect(() => parseAfter(['a', 'b'], 'Resources.created')).toThrow(BadRequestError);
    expect(() => parseAfter('|33333333-3333-4333-8333-333333333333', 'Resources.created')).toThrow(BadRequestError);
  });
});
