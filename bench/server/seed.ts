// Bulk seeding for the server benchmarks, straight through the storage layer (Kysely), in large batches inside
// one transaction: 10,000 resources must not cost 10,000 HTTP calls. Secret rows reuse one pre-generated
// ciphertext per recipient; the server never decrypts, so reads measure the same work as with distinct ones.
// Resources and their permission and secret rows get ids the way the server's own create and share give them
// (newRowId), so the seeded vault lies in its indexes as one built through the API would.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/storage/schema';
import { PASSWORD_STRING_ID } from '../../server/storage/migrations/0020-resource-types';
import { SecretIntakeService } from '../../server/services/secret-intake.service';
import type { Dialect } from '../../server/storage/database';
import { newRowId } from '../../server/util/uuid';

const BATCH = 500;
const stampOf = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const stamp = () => stampOf(Date.now());

async function insertBatched<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are built for `table` right above
    await db.insertInto(table).values(rows.slice(i, i + BATCH) as any).execute();
  }
}

export interface SeedResourcesOptions {
  count: number;
  ownerId: string;
  /** Secret data per user id that gets a row on every resource. */
  secretFor: Map<string, string>;
  /** Extra permissions on every resource. */
  grants: { aro: 'User' | 'Group'; id: string; type: number }[];
  namePrefix?: string;
  /** Number names from here (default 0), so that later batches continue the series. */
  firstIndex?: number;
  /**
   * Give resource i the creation and modification time `createdFrom` + i seconds (unix ms), as a vault built up
   * over time has them; by default every resource gets the current second.
   */
  createdFrom?: number;
}

/** Creates `count` resources owned by `ownerId`, with the given grants and one secret row per listed user. */
export async function seedResources(db: Kysely<Database>, o: SeedResourcesOptions): Promise<string[]> {
  const now = stamp();
  const ids = Array.from({ length: o.count }, () => newRowId());
  await db.transaction().execute(async (trx) => {
    const at = (i: number) => (o.createdFrom === undefined ? now : stampOf(o.createdFrom + i * 1000));
    const first = o.firstIndex ?? 0;
    await insertBatched(trx, 'resources', ids.map((id, k) => {
      const i = first + k;
      return { id, resource_type_id: PASSWORD_STRING_ID,
        name: `${o.namePrefix ?? 'res'}-${String(i).padStart(6, '0')}`, username: `user${i}@example.com`, uri: `https://site-${i}.example.com/login`,
        description: i % 3 === 0 ? `Description of entry ${i}` : null, expired: null, deleted: 0, created: at(k), modified: at(k),
        created_by: o.ownerId, modified_by: o.ownerId };
    }));
    const perms = ids.flatMap((id) => [{ aro: 'User', id: o.ownerId, type: 15 }, ...o.grants].map((g) => ({
      id: newRowId(), aco: 'Resource', aco_foreign_key: id, aro: g.aro, aro_foreign_key: g.id, type: g.type, created: now, modified: now })));
    await insertBatched(trx, 'permissions', perms);
    const secrets = ids.flatMap((id) => [...o.secretFor].map(([userId, data]) => ({
      id: newRowId(), user_id: userId, resource_id: id, data, created: now, modified: now, created_by: o.ownerId, modified_by: o.ownerId })));
    await insertBatched(trx, 'secrets', secrets);
  });
  return ids;
}

/** Adds members to a group in one batch. */
export async function addMembers(db: Kysely<Database>, groupId: string, userIds: string[]): Promise<void> {
  const now = stamp();
  await insertBatched(db, 'groups_users', userIds.map((u) => ({ id: randomUUID(), group_id: groupId, user_id: u, is_admin: 0, created: now })));
}

/**
 * Records users' encryption key ids (recipient_key_ids) with the function the server runs when a user
 * completes setup, so seeded users are what registered users are: their keys never parsed by a share.
 */
export async function recordKeyIds(db: Kysely<Database>, userIds: string[]): Promise<void> {
  await new SecretIntakeService().encryptionKeyIds(userIds, db);
}

/**
 * After a bulk load on PostgreSQL, gathers the planner's statistics as autovacuum does within a minute of such a
 * load on any running server. Measured straight after seeding, the planner still believes the tables are empty
 * and picks plans no live database would use (the 10,000-row list: a nested loop, 50-77 ms of execution instead
 * of 32 ms). SQLite keeps no statistics unless asked, and the server never asks, so it is left as it runs.
 */
export async function settleAfterBulkLoad(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`ANALYZE`.execute(db);
}
