// Groups: list and view for users, create for admins, update and delete (each with its
// dry run) for the group's managers and admins.
import { isAdmin, requireAdmin, requireUser } from '../http/auth-guard';
import { parseListQuery, type RawQuery } from '../http/query';
import { requireUuid } from '../http/validation';
import { GROUP_INDEX_SPEC, GROUP_VIEW_SPEC } from '../services/group.service';
import type { RouteModule } from './index';

const groupId = (params: unknown) => requireUuid((params as Record<string, string>).id, 'group');

export const groupRoutes: RouteModule = (app, deps) => {
  const groups = deps.services.sharing.groups;
  app.get('/groups', async (request, reply) => {
    const user = requireUser(request);
    const q = parseListQuery(request.query as RawQuery, GROUP_INDEX_SPEC);
    return reply.success(await groups.index(user.id, q.contain, q.filter));
  });
  app.get('/groups/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = groupId(request.params);
    const q = parseListQuery(request.query as RawQuery, GROUP_VIEW_SPEC);
    return reply.success(await groups.view(user.id, id, q.contain));
  });
  app.post('/groups', async (request, reply) => {
    const user = requireAdmin(request);
    return reply.success(await groups.create(user.id, request.body), { message: 'The group has been added successfully.' });
  });
  app.put('/groups/:id/dry-run', async (request, reply) => {
    const user = requireUser(request);
    return reply.success(await groups.dryRun(user.id, isAdmin(request), groupId(request.params), request.body));
  });
  app.put('/groups/:id', async (request, reply) => {
    const user = requireUser(request);
    return reply.success(await groups.update(user.id, isAdmin(request), groupId(request.params), request.body));
  });
  app.delete('/groups/:id/dry-run', async (request, reply) => {
    const user = requireUser(request);
    await groups.deleteDryRun(user.id, isAdmin(request), groupId(request.params), request.body);
    return reply.success(null, { message: 'The group can be deleted.' });
  });
  app.delete('/groups/:id', async (request, reply) => {
    const user = requireUser(request);
    await groups.delete(user.id, isAdmin(request), groupId(request.params), request.body);
    return reply.success(null, { message: 'The group was deleted successfully.' });
  });
};
