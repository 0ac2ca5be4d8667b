import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { migrate } from '../storage/migrator';
import type { Database } from '../storage/schema';
import { dialects, type TestDatabase } from '../test-support/databases';
import { seedGroup, seedUser } from '../../bench/server/fixtures';
import { seedResources } from '../../bench/server/seed';
import { AccessService } from './access.service';

async function grant(db: Kysely<Database>, rid: string, aro: 'User' | 'Group', id: string, type: number) {
  await db.insertInto('permissions').values({ id: randomUUID(), aco: 'Resource', aco_foreign_key: rid, aro, aro_foreign_key: id, type,
    created: 'x', modified: 'x' }).execute();
}

describe.each(dialects)('access model on $name', ({ create }) => {
  let target: TestDatabase;
  let open: OpenDatabase;
  afterEach(async () => { await open?.close(); await target?.drop(); });

  it('takes the highest of direct and group permissions, counting only live groups and active users', async () => {
    target = await create();
    open = openDatabase(target.url);
    await migrate(open.db, open.dialect);
    const db = open.db;
    const [owner, u, v, inactive, gone] = [await seedUser(db), await seedUser(db), await seedUser(db), await seedUser(db, { active: false }), await seedUser(db)];
    await db.updateTable('users').set({ deleted: 1 }).where('id', '=', gone.id).execute();
    const readers = await seedGroup(db, 'Readers', [owner.id], [u.id, inactive.id, gone.id]);
    const editors = await seedGroup(db, 'Editors', [owner.id], [u.id]);
    const dead = await seedGroup(db, 'Dead', [owner.id], [v.id]);
    await db.updateTable('groups').set({ deleted: 1 }).where('id', '=', dead).execute();
    const [r1, r2, r3] = await seedResources(db, { count: 3, ownerId: owner.id, secretFor: new Map(), grants: [] });
    await grant(db, r1!, 'User', u.id, 1);
    await grant(db, r1!, 'Group', editors, 7);
    await grant(db, r2!, 'Group', readers, 1);
    await grant(db, r2!, 'Group', dead, 15);
    await grant(db, r3!, 'User', gone.id, 15);

    const access = new AccessService(db);
    expect(await access.permissionType(u.id, r1!)).toBe(7);
    expect(await access.permissionType(u.id, r2!)).toBe(1);
    expect(await access.permissionType(u.id, r3!)).toBe(0);
    expect(await access.permissionType(v.id, r2!)).toBe(0);
    expect(await access.permissionType(owner.id, r3!)).toBe(15);
    expect([...await access.usersWithAccess(r1!)].sort()).toEqual([owner.id, u.id].sort());
    expect([...await access.usersWithAccess(r2!)].sort()).toEqual([owner.id, u.id].sort());
    expect(await access.usersWithAccess(r3!)).toEqual([owner.id]);
    expect((await access.resourcesOfGroup(readers)).sort()).toEqual([r2]);
    expect(await access.resourcesOfGroup(dead)).toEqual([r2]);
    expect([...await access.readableBy(u.id, [r1!, r2!, r3!])].sort()).toEqual([r1, r2].sort());
    const reached = await access.usersReachedBy([{ aro: 'Group', id: readers }, { aro: 'User', id: inactive.id }, { aro: 'Group', id: dead }]);
    expect([...reached].sort()).toEqual([owner.id, u.id].sort());
    // A deleted resource gives nobody any permission.
    await db.updateTable('resources').set({ deleted: 1 }).where('id', '=', r1!).execute();
    expect(await access.permissionType(u.id, r1!)).toBe(0);
  });
});
