// Sharing: simulate, apply (owners only), and the search for users and groups.
import { requireUser } from '../http/auth-guard';
import { parseListQuery, type RawQuery } from '../http/query';
import { requireUuid } from '../http/validation';
import { SEARCH_AROS_SPEC } from '../services/share-search.service';
import type { RouteModule } from './index';

const resourceId = (params: unknown) => requireUuid((params as Record<string, string>).id, 'resource');

export const shareRoutes: RouteModule = (app, deps) => {
  const { share, shareSearch } = deps.services.sharing;
  app.post('/share/simulate/resource/:id', async (request, reply) => {
    const user = requireUser(request);
    return reply.success(await share.simulate(user.id, resourceId(request.params), request.body));
  });
  app.put('/share/resource/:id', async (request, reply) => {
    const user = requireUser(request);
    await share.share(user.id, resourceId(request.params), request.body);
    return reply.success(null);
  });
  app.get('/share/search-aros', async (request, reply) => {
    requireUser(request);
    const q = parseListQuery(request.query as RawQuery, SEARCH_AROS_SPEC);
    const search = Array.isArray(q.filter.search) ? q.filter.search.join(' ') : '';
    return reply.success(await shareSearch.search(search));
  });
};
