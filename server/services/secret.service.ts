// `GET /secrets/resource/{id}.json`: the caller's own secret row of a resource, or 404. The hot path of every
// copy, so one lookup on the unique (resource_id, user_id) index. No join on resources is needed: a row exists
// only while its user can read a live resource (revoking access and deleting a resource delete the rows).
import type { SecretDto } from '../../common/api/secret';
import { NotFoundError } from '../http/errors';
import { PreparedQuery } from '../storage/prepared-query';
import type { Db } from './access.service';
import { renderSecret } from './resource-render';

// Compiled once: building the query tree per request was a visible part of a secret fetch's CPU.
const ownSecret = new PreparedQuery(['resourceId', 'userId'], (db: Db, p) => db.selectFrom('secrets').selectAll()
  .where('resource_id', '=', p.resourceId).where('user_id', '=', p.userId));

export class SecretService {
  constructor(private readonly db: Db) {}

  async viewForResource(userId: string, resourceId: string): Promise<SecretDto> {
    const row = await ownSecret.executeTakeFirst(this.db, { resourceId, userId });
    if (!row) throw new NotFoundError('The secret does not exist.');
    return renderSecret(row);
  }
}
