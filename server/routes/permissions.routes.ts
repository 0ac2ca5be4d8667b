// `GET /permissions/resource/{id}.json` with contain[user|user.profile|group]: for anyone who can read it.
import { requireUser } from '../http/auth-guard';
import { parseListQuery, type RawQuery } from '../http/query';
import { requireUuid } from '../http/validation';
import { PERMISSION_VIEW_SPEC } from '../services/permission.service';
import type { RouteModule } from './index';

export const permissionRoutes: RouteModule = (app, deps) => {
  const permissions = deps.services.sharing.permissions;
  app.get('/permissions/resource/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = requireUuid((request.params as Record<string, string>).id, 'resource');
    const q = parseListQuery(request.query as RawQuery, PERMISSION_VIEW_SPEC);
    return reply.success(await permissions.listForResource(user.id, id, q.contain));
  });
};
