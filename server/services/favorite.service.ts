// Favorites: a user marks a resource they can read; the mark goes when the access does.
import { randomUUID } from 'node:crypto';
import type { FavoriteDto } from '../../common/api/favorite';
import { BadRequestError, NotFoundError } from '../http/errors';
import { nowIso, type Clock } from '../util/clock';
import type { AccessService, Db } from './access.service';
import { renderFavorite } from './resource-render';

export class FavoriteService {
  constructor(private readonly db: Db, private readonly access: AccessService, private readonly clock: Clock) {}

  async add(userId: string, resourceId: string): Promise<FavoriteDto> {
    if ((await this.access.permissionType(userId, resourceId)) === 0) throw new NotFoundError('The resource does not exist.');
    const row = { id: randomUUID(), user_id: userId, foreign_key: resourceId, foreign_model: 'Resource', created: nowIso(this.clock) };
    // The (user, resource) pair is unique: a second mark, even a concurrent one, is a 400, not a constraint error.
    const inserted = await this.db.insertInto('favorites').values(row)
      .onConflict((oc) => oc.columns(['user_id', 'foreign_key']).doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      throw new BadRequestError('This record is already marked as favorite.');
    }
    return renderFavorite(row);
  }

  async remove(userId: string, favoriteId: string): Promise<void> {
    const row = await this.db.selectFrom('favorites').selectAll().where('id', '=', favoriteId).executeTakeFirst();
    // Another user's favorite is indistinguishable from a missing one.
    if (!row || row.user_id !== userId) throw new NotFoundError('The favorite does not exist.');
    await this.db.deleteFrom('favorites').where('id', '=', favoriteId).where('user_id', '=', userId).execute();
  }
}
