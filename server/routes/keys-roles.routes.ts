// `/roles.json`, `/gpgkeys.json` (the client's keyring sync, with `filter[modified-after]`) and `/gpgkeys/{id}.json`.
import { requireUser } from '../http/auth-guard';
import { NotFoundError } from '../http/errors';
import { requireUuid } from '../http/validation';
import { pageWindow, parseListQuery, type ListQuerySpec, type RawQuery } from '../http/query';
import { isoTimestamp } from '../util/clock';
import { gpgkeyDto, roleDto } from '../services/user-dto';
import type { RouteModule } from './index';

const GPGKEY_INDEX_SPEC: ListQuerySpec = {
  filters: { 'modified-after': 'unixtime', 'is-deleted': 'bool', 'has-users': 'uuids' },
  sortable: ['Gpgkeys.modified', 'Gpgkeys.created'],
  defaultSort: 'Gpgkeys.modified',
};

export const keyAndRoleRoutes: RouteModule = (app, deps) => {
  app.get('/roles', async (request, reply) => {
    requireUser(request);
    const roles = await deps.db.selectFrom('roles').selectAll().orderBy('name').execute();
    return reply.success(roles.map(roleDto));
  });

  app.get('/gpgkeys', async (request, reply) => {
    requireUser(request);
    const query = parseListQuery(request.query as RawQuery, GPGKEY_INDEX_SPEC);
    // Keys of deleted users are only listed when asked for, so a keyring sync can drop them.
    let q = deps.db.selectFrom('gpgkeys').innerJoin('users', 'users.id', 'gpgkeys.user_id')
      .where('gpgkeys.deleted', '=', query.filter['is-deleted'] === true ? 1 : 0);
    const after = query.filter['modified-after'];
    if (typeof after === 'number') q = q.where('gpgkeys.modified', '>', isoTimestamp(after * 1000));
    const users = query.filter['has-users'];
    if (Array.isArray(users) && users.length > 0) q = q.where('gpgkeys.user_id', 'in', users.slice(0, 1000));
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q.selectAll('gpgkeys')
      .orderBy(query.sort === 'Gpgkeys.created' ? 'gpgkeys.created' : 'gpgkeys.modified', query.direction).orderBy('gpgkeys.id');
    const { offset, limit } = pageWindow(query);
    if (limit !== null) rows = rows.limit(limit).offset(offset);
    return reply.success((await rows.execute()).map(gpgkeyDto),
      { pagination: { count: Number(total.n), page: query.page, limit: query.limit } });
  });

  app.get<{ Params: { id: string } }>('/gpgkeys/:id', async (request, reply) => {
    requireUser(request);
    const row = await deps.db.selectFrom('gpgkeys').selectAll().where('id', '=', requireUuid(request.params.id, 'gpgkey'))
      .executeTakeFirst();
    if (!row) throw new NotFoundError('The OpenPGP key does not exist.');
    return reply.success(gpgkeyDto(row));
  });
};
