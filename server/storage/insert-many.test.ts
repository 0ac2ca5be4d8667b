import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './database';
import { insertMany } from './insert-many';
import { migrate } from './migrator';
import { dialects, type TestDatabase } from '../test-support/databases';

// Strings that an array literal must quote or escape, and look-alikes of its syntax.
const HOSTILE = ['', 'NULL', 'null', '"', '\\', '\\"', '{}', '{a,b}', 'a,b', ' padded ', "it's", '\n\r\t', 'ÿ€😀', '$1', '\u2028'];

describe.each(dialects)('insertMany on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('stores every row exactly, text, nulls and integers, in any number of rows', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      id: `mail-${String(i).padStart(5, '0')}`, recipient: HOSTILE[i % HOSTILE.length]!, subject: `s${i}`, template: 't',
      body_text: HOSTILE[(i + 3) % HOSTILE.length]!, body_html: `<p>${i}</p>`, attempts: i % 7, next_attempt: 1_700_000_000_000 + i,
      last_error: i % 2 === 0 ? null : HOSTILE[i % HOSTILE.length]!, sent: null, created: '2026-11-22T10:00:00+00:00',
    }));
    await insertMany(open.db, open.dialect, 'mail_queue', rows, { attempts: 'int4', next_attempt: 'int8' });
    const stored = await open.db.selectFrom('mail_queue').selectAll().orderBy('id').execute();
    expect(stored).toEqual(rows);
    await insertMany(open.db, open.dialect, 'mail_queue', []);
    expect(await open.db.selectFrom('mail_queue').select('id').execute()).toHaveLength(1203);
  });

  it('refuses rows that do not all set the same columns, storing none', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const row = { id: 'a', property: 'p1', value: 'v', created: 'c', modified: 'm', created_by: null, modified_by: null };
    const { modified_by: _dropped, ...short } = { ...row, id: 'b', property: 'p2' };
    await expect(insertMany(open.db, open.dialect, 'organization_settings', [row, short])).rejects.toThrow(/same columns/);
    await expect(insertMany(open.db, open.dialect, 'organization_settings', [row, { ...short, modified_by: undefined }])).rejects.toThrow(/same columns/);
    expect(await open.db.selectFrom('organization_settings').selectAll().execute()).toEqual([]);
  });
});
