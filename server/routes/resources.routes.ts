// Resources: index and view for readers, create for any user, update and delete for
// editors and owners.
import { requireUser } from '../http/auth-guard';
import { parseListQuery, type RawQuery } from '../http/query';
import { StreamedList } from '../http/streamed-json';
import { requireUuid } from '../http/validation';
import { parseAfter } from '../services/resource-listing';
import { RESOURCE_INDEX_SPEC, RESOURCE_VIEW_SPEC } from '../services/resource.service';
import type { RouteModule } from './index';

/** Lists longer than this many resources are streamed (http/streamed-json.ts). */
const STREAM_ABOVE = 1000;

const resourceId = (params: unknown) => requireUuid((params as Record<string, string>).id, 'resource');

export const resourceRoutes: RouteModule = (app, deps) => {
  const resources = deps.services.sharing.resources;
  app.get('/resources', async (request, reply) => {
    const user = requireUser(request);
    const raw = request.query as RawQuery;
    const q = parseListQuery(raw, RESOURCE_INDEX_SPEC);
    const listed = await resources.index(user.id, q, parseAfter(raw.after, q.sort));
    // A continued page (`after`, Tessera's own addition) is not counted, so it carries no pagination. A whole list,
    // and any page longer than a sync page, is streamed.
    const body = 'chunks' in listed ? new StreamedList(listed.chunks)
      : listed.items.length > STREAM_ABOVE ? StreamedList.of(listed.items) : listed.items;
    return reply.success(body, listed.count === null ? {} : { pagination: { count: listed.count, page: q.page, limit: q.limit } });
  });
  app.get('/resources/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = resourceId(request.params);
    const q = parseListQuery(request.query as RawQuery, RESOURCE_VIEW_SPEC);
    return reply.success(await resources.view(user.id, id, q.contain));
  });
  app.post('/resources', async (request, reply) => {
    const user = requireUser(request);
    return reply.success(await resources.create(user.id, request.body), { message: 'The resource has been added successfully.' });
  });
  app.put('/resources/:id', async (request, reply) => {
    const user = requireUser(request);
    const id = resourceId(request.params);
    return reply.success(await resources.update(user.id, id, request.body), { message: 'The resource has been updated successfully.' });
  });
  app.delete('/resources/:id', async (request, reply) => {
    const user = requireUser(request);
    await resources.delete(user.id, resourceId(request.params));
    return reply.success(null, { message: 'The resource has been deleted successfully.' });
  });
};
