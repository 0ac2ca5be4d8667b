import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../database';
import { migrate } from '../migrator';
import { dialects, type TestDatabase } from '../../test-support/databases';

describe.each(dialects)('0020-resource-types on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it("seeds Passbolt's v4 resource types under their Passbolt ids", async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const rows = await open.db.selectFrom('resource_types').selectAll().orderBy('slug').execute();
    expect(rows.map((r) => [r.slug, r.id])).toEqual([
      ['password-and-description', 'a28a04cd-6f53-518a-967c-9963bf9cec51'],
      ['password-string', '669f8c64-242a-59fb-92fc-81f660975fd3'],
    ]);
    const pad = JSON.parse(rows[0]!.definition) as { secret: { required: string[] }; resource: { properties: object } };
    expect(pad.secret.required).toEqual(['password']);
    expect(Object.keys(pad.resource.properties)).toEqual(['name', 'username', 'uri']);
    expect(rows.every((r) => r.deleted === null && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/.test(r.created))).toBe(true);
  });
});
