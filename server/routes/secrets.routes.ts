// `GET /secrets/resource/{id}.json`: the caller's own secret row, or 404.
import { requireUser } from '../http/auth-guard';
import { requireUuid } from '../http/validation';
import type { RouteModule } from './index';

export const secretRoutes: RouteModule = (app, deps) => {
  const secrets = deps.services.sharing.secrets;
  app.get('/secrets/resource/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = requireUuid((request.params as Record<string, string>).id, 'resource');
    return reply.success(await secrets.viewForResource(user.id, id));
  });
};
