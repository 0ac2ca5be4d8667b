// `GET /resource-types.json` and `GET /resource-types/{id}.json` (any logged-in user).
import { requireUser } from '../http/auth-guard';
import { parseListQuery, type RawQuery } from '../http/query';
import { requireUuid } from '../http/validation';
import { RESOURCE_TYPE_INDEX_SPEC } from '../services/resource-type.service';
import type { RouteModule } from './index';

export const resourceTypeRoutes: RouteModule = (app, deps) => {
  const types = deps.services.sharing.resourceTypes;
  app.get('/resource-types', async (request, reply) => {
    requireUser(request);
    const q = parseListQuery(request.query as RawQuery, RESOURCE_TYPE_INDEX_SPEC);
    return reply.success(await types.index(q.contain, q.filter));
  });
  app.get('/resource-types/:id', async (request, reply) => {
    requireUser(request);
    const id = requireUuid((request.params as Record<string, string>).id, 'resource type');
    return reply.success(await types.view(id));
  });
};
