// Favorites.
import { requireUser } from '../http/auth-guard';
import { requireUuid } from '../http/validation';
import type { RouteModule } from './index';

export const favoriteRoutes: RouteModule = (app, deps) => {
  const favorites = deps.services.sharing.favorites;
  app.post('/favorites/resource/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = requireUuid((request.params as Record<string, string>).id, 'resource');
    return reply.success(await favorites.add(user.id, id), { message: 'The resource was marked as favorite.' });
  });
  app.delete('/favorites/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = requireUuid((request.params as Record<string, string>).id, 'favorite');
    await favorites.remove(user.id, id);
    return reply.success(null, { message: 'The favorite was deleted.' });
  });
};
