// Storing new secret rows: a share, a group add and a secret update all write the same row shape, in bulk.
import type { Dialect } from '../storage/database';
import { insertMany } from '../storage/insert-many';
import { newRowId } from '../util/uuid';
import type { Db } from './access.service';

/** Inserts one new secret row per item, written by `writerId` at `now`. */
export function insertSecrets(trx: Db, dialect: Dialect, items: readonly { userId: string; resourceId: string; data: string }[],
  writerId: string, now: string): Promise<void> {
  return insertMany(trx, dialect, 'secrets', items.map((s) => ({
    id: newRowId(), user_id: s.userId, resource_id: s.resourceId, data: s.data, created: now, modified: now,
    created_by: writerId, modified_by: writerId,
  })));
}
