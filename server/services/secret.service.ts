// `GET /secrets/resource/{id}.json`: the caller's own secret row of a resource, or 404. The hot path of every
// copy, so one round trip: the caller's live-session check and a lookup on the unique (resource_id, user_id)
// index, in one query. No join on resources is needed: a row exists only while its user can read a live
// resource (revoking access and deleting a resource delete the rows).
import type { SecretDto } from '../../common/api/secret';
import { SessionBoundQuery, type PendingSession } from '../http/auth-guard';
import { NotFoundError } from '../http/errors';
import type { Db } from './access.service';

// The session's user row, with the secret's columns when the user has a row for the resource (NULL otherwise).
const ownSecretInSession = new SessionBoundQuery(['resourceId'], (base, p) => base
  .leftJoin('secrets', (join) => join.onRef('secrets.user_id', '=', 'users.id').on('secrets.resource_id', '=', p.resourceId))
  .select(['secrets.id as secret_id', 'secrets.resource_id as secret_resource_id', 'secrets.data as secret_data',
    'secrets.created as secret_created', 'secrets.modified as secret_modified', 'secrets.created_by as secret_created_by',
    'secrets.modified_by as secret_modified_by']));

export class SecretService {
  constructor(private readonly db: Db) {}

  /** 401 unless the session is live (see auth-guard.ts), then the caller's secret of `resourceId` or 404. */
  async viewInSession(session: PendingSession, resourceId: string): Promise<SecretDto> {
    const row = await session.run(ownSecretInSession, this.db, { resourceId });
    if (row.secret_id === null || row.secret_resource_id === null || row.secret_data === null
      || row.secret_created === null || row.secret_modified === null) {
      throw new NotFoundError('The secret does not exist.');
    }
    return {
      id: row.secret_id, user_id: row.id, resource_id: row.secret_resource_id, data: row.secret_data,
      created: row.secret_created, modified: row.secret_modified, created_by: row.secret_created_by, modified_by: row.secret_modified_by,
    };
  }
}
