// `GET /secrets/resource/{id}.json`: the caller's own secret row of a resource, or 404. The hot path of every
// copy, so one indexed lookup: (resource_id, user_id) is unique, and a row exists only while access does.
import type { SecretDto } from '../../common/api/secret';
import { NotFoundError } from '../http/errors';
import type { Db } from './access.service';
import { renderSecret } from './resource-render';

export class SecretService {
  constructor(private readonly db: Db) {}

  async viewForResource(userId: string, resourceId: string): Promise<SecretDto> {
    const row = await this.db.selectFrom('secrets as s').innerJoin('resources as r', 'r.id', 's.resource_id')
      .selectAll('s').where('s.resource_id', '=', resourceId).where('s.user_id', '=', userId).where('r.deleted', '=', 0)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('The secret does not exist.');
    return renderSecret(row);
  }
}
