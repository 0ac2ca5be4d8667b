// `GET /secrets/resource/{id}.json`: the caller's own secret row, or 404. The hottest route (every copy), so it
// checks the caller's session in the same query as it reads the secret (auth-guard.ts, "in-route-query").
import { requireSession } from '../http/auth-guard';
import { isUuid, requireUuid } from '../http/validation';
import type { RouteModule } from './index';

export const secretRoutes: RouteModule = (app, deps) => {
  const secrets = deps.services.sharing.secrets;
  app.get('/secrets/resource/:id', { config: { sessionCheck: 'in-route-query' } }, async (request, reply) => {
    const session = requireSession(request);
    const id = (request.params as Record<string, string>).id;
    if (!isUuid(id)) {
      // As on every other route, a dead session hears 401 before anything about its input.
      await session.user();
      requireUuid(id, 'resource');
    }
    return reply.success(await secrets.viewInSession(session, id));
  });
};
