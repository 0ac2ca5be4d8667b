// Who can see what. A user's permission on a resource is the highest of their direct (User) permission and
// the permissions of the live groups they belong to; only active, non-deleted users count. Every query is a
// join over indexed columns (permissions by aro and by aco, groups_users by user and by group) so that a
// user reaching 10,000 resources, or a group of 1,000 members, stays a handful of statements.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import type { Dialect } from '../storage/database';

export const PermissionType = { READ: 1, UPDATE: 7, OWNER: 15 } as const;
export type PermissionTypeValue = (typeof PermissionType)[keyof typeof PermissionType];
export const PERMISSION_TYPES: readonly number[] = [1, 7, 15];

/** A Kysely instance or a transaction: every query here can run inside the caller's transaction. */
export type Db = Kysely<Database>;

/** Chunk size for IN-lists: SQLite caps bound variables and huge lists plan badly on both databases. */
export const IN_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const ACCESS_WRITE_LOCK = 7_301_924_456;

/**
 * Serialises writes that change who can read what (share, resource secrets, group membership, deletions).
 * Each computes "who needs a secret" from the current state and then writes; two of them interleaving on
 * PostgreSQL's READ COMMITTED could each miss the other's change and leave a reader without a secret.
 * SQLite already runs one write transaction at a time. Call first thing inside the transaction.
 */
export async function lockAccessWrites(q: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${ACCESS_WRITE_LOCK})`.execute(q);
}

export class AccessService {
  constructor(private readonly db: Db) {}

  /** The live groups `userId` belongs to. */
  async groupIdsOf(userId: string, q: Db = this.db): Promise<string[]> {
    const rows = await q.selectFrom('groups_users as gu')
      .innerJoin('groups as g', 'g.id', 'gu.group_id')
      .select('gu.group_id')
      .where('gu.user_id', '=', userId).where('g.deleted', '=', 0)
      .execute();
    return rows.map((r) => r.group_id);
  }

  /** The aro ids whose permissions count for `userId`: the user and their groups. */
  async aroIdsOf(userId: string, q: Db = this.db): Promise<string[]> {
    return [userId, ...(await this.groupIdsOf(userId, q))];
  }

  /** Highest permission type of `userId` on each of `resourceIds` that it can reach (absent = no access). */
  async permissionTypes(userId: string, resourceIds: readonly string[], q: Db = this.db): Promise<Map<string, number>> {
    const aros = await this.aroIdsOf(userId, q);
    const out = new Map<string, number>();
    for (const part of chunks(resourceIds)) {
      const rows = await q.selectFrom('permissions')
        .select(['aco_foreign_key', (eb) => eb.fn.max('type').as('type')])
        .where('aco', '=', 'Resource').where('aro_foreign_key', 'in', aros).where('aco_foreign_key', 'in', part)
        .groupBy('aco_foreign_key')
        .execute();
      for (const r of rows) out.set(r.aco_foreign_key, Number(r.type));
    }
    return out;
  }

  /** `userId`'s highest permission on a live resource, or 0 when it has none or the resource is deleted. */
  async permissionType(userId: string, resourceId: string, q: Db = this.db): Promise<number> {
    const live = await q.selectFrom('resources').select('id').where('id', '=', resourceId).where('deleted', '=', 0)
      .executeTakeFirst();
    if (!live) return 0;
    return (await this.permissionTypes(userId, [resourceId], q)).get(resourceId) ?? 0;
  }

  /** Active, non-deleted users who can read `resourceId`, directly or through a live group. */
  async usersWithAccess(resourceId: string, q: Db = this.db): Promise<string[]> {
    return [...(await this.usersWithAccessToMany([resourceId], q)).get(resourceId) ?? []];
  }

  /** For each resource, the set of active, non-deleted users who can read it. */
  async usersWithAccessToMany(resourceIds: readonly string[], q: Db = this.db): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>(resourceIds.map((id) => [id, new Set<string>()]));
    for (const part of chunks(resourceIds)) {
      const direct = q.selectFrom('permissions as p')
        .innerJoin('users as u', 'u.id', 'p.aro_foreign_key')
        .select(['p.aco_foreign_key as resource_id', 'u.id as user_id'])
        .where('p.aco_foreign_key', 'in', part).where('p.aro', '=', 'User')
        .where('u.active', '=', 1).where('u.deleted', '=', 0);
      const viaGroups = q.selectFrom('permissions as p')
        .innerJoin('groups as g', 'g.id', 'p.aro_foreign_key')
        .innerJoin('groups_users as gu', 'gu.group_id', 'g.id')
        .innerJoin('users as u', 'u.id', 'gu.user_id')
        .select(['p.aco_foreign_key as resource_id', 'u.id as user_id'])
        .where('p.aco_foreign_key', 'in', part).where('p.aro', '=', 'Group').where('g.deleted', '=', 0)
        .where('u.active', '=', 1).where('u.deleted', '=', 0);
      for (const r of await direct.union(viaGroups).execute()) out.get(r.resource_id)?.add(r.user_id);
    }
    return out;
  }

  /**
   * Active, non-deleted users reached by a set of aros: the users themselves and the members of the live groups.
   * Used to compute who can read a resource after a permission change, before the change is written.
   */
  async usersReachedBy(aros: readonly { aro: string; id: string }[], q: Db = this.db): Promise<Set<string>> {
    const out = new Set<string>();
    const userIds = [...new Set(aros.filter((a) => a.aro === 'User').map((a) => a.id))];
    const groupIds = [...new Set(aros.filter((a) => a.aro === 'Group').map((a) => a.id))];
    for (const part of chunks(userIds)) {
      const rows = await q.selectFrom('users').select('id').where('id', 'in', part)
        .where('active', '=', 1).where('deleted', '=', 0).execute();
      for (const r of rows) out.add(r.id);
    }
    for (const part of chunks(groupIds)) {
      const rows = await q.selectFrom('groups_users as gu').innerJoin('groups as g', 'g.id', 'gu.group_id')
        .innerJoin('users as u', 'u.id', 'gu.user_id').select('u.id')
        .where('gu.group_id', 'in', part).where('g.deleted', '=', 0).where('u.active', '=', 1).where('u.deleted', '=', 0)
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /** Live resources a group has a permission on. */
  async resourcesOfGroup(groupId: string, q: Db = this.db): Promise<string[]> {
    const rows = await q.selectFrom('permissions as p')
      .innerJoin('resources as r', 'r.id', 'p.aco_foreign_key')
      .select('p.aco_foreign_key')
      .where('p.aro_foreign_key', '=', groupId).where('p.aco', '=', 'Resource').where('r.deleted', '=', 0)
      .execute();
    return rows.map((r) => r.aco_foreign_key);
  }

  /** Of `resourceIds`, those `userId` can read now (directly or through any live group). */
  async readableBy(userId: string, resourceIds: readonly string[], q: Db = this.db): Promise<Set<string>> {
    return new Set((await this.permissionTypes(userId, resourceIds, q)).keys());
  }

  /** Whether `userId` is an active, non-deleted user (the only kind that can hold access). */
  async isActiveUser(userId: string, q: Db = this.db): Promise<boolean> {
    const row = await q.selectFrom('users').select('id')
      .where('id', '=', userId).where('active', '=', 1).where('deleted', '=', 0).executeTakeFirst();
    return row !== undefined;
  }
}
