// Users.
import { isAdmin, requireAdmin, requireGuest, requireUser } from '../http/auth-guard';
import { requireUuid } from '../http/validation';
import { parseListQuery, type RawQuery } from '../http/query';
import { USER_INDEX_SPEC } from '../services/user-directory.service';
import type { RouteModule } from './index';

interface IdParams { id: string }

export const userRoutes: RouteModule = (app, deps) => {
  const { userDirectory, userAdmin, rateLimits } = deps.services;

  app.get('/users', async (request, reply) => {
    const viewer = requireUser(request);
    const query = parseListQuery(request.query as RawQuery, USER_INDEX_SPEC);
    const { users, pagination } = await userDirectory.index(query, viewer);
    return reply.success(users, { pagination });
  });

  app.get('/users/me', async (request, reply) => {
    const viewer = requireUser(request);
    return reply.success(await userDirectory.view(viewer.id, viewer));
  });

  app.get<{ Params: IdParams }>('/users/:id', async (request, reply) => {
    const viewer = requireUser(request);
    return reply.success(await userDirectory.view(requireUuid(request.params.id, 'user'), viewer));
  });

  app.post('/users', async (request, reply) => {
    const admin = requireAdmin(request);
    const user = await userAdmin.create(request.body, admin);
    return reply.success(user, { message: 'The user was successfully added. This user now needs to complete the setup.' });
  });

  const update = async (request: { params: IdParams; body: unknown } & Parameters<typeof requireUser>[0]) => {
    const actor = requireUser(request);
    return userAdmin.update(requireUuid(request.params.id, 'user'), request.body, actor);
  };
  app.put<{ Params: IdParams }>('/users/:id', async (request, reply) =>
    reply.success(await update(request), { message: 'The user has been updated successfully.' }));
  app.post<{ Params: IdParams }>('/users/:id', async (request, reply) =>
    reply.success(await update(request), { message: 'The user has been updated successfully.' }));

  app.delete<{ Params: IdParams }>('/users/:id/dry-run', async (request, reply) => {
    const admin = requireAdmin(request);
    await userAdmin.deleteDryRun(requireUuid(request.params.id, 'user'), admin);
    return reply.success(null, { message: 'The user can be deleted.' });
  });

  app.delete<{ Params: IdParams }>('/users/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    await userAdmin.delete(requireUuid(request.params.id, 'user'), request.body, admin);
    return reply.success(null, { message: 'The user has been deleted successfully.' });
  });

  app.post('/users/recover', async (request, reply) => {
    // Passbolt's "resend invite": an administrator posts here for a user who has not finished setup.
    if (isAdmin(request)) {
      await userAdmin.resendByAdmin(request.body, requireAdmin(request));
      return reply.success(null, { message: 'The email has been sent again.' });
    }
    requireGuest(request);
    await rateLimits.consume('recover', request.ip);
    // The answer is identical whether or not the account exists, and it does not wait for the token and mail
    // work a real account causes, so its timing reveals nothing either.
    const body = request.body;
    setImmediate(() => {
      userAdmin.requestRecovery(body).catch((error: unknown) => {
        request.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'recover request failed');
      });
    });
    return reply.success(null, { message: 'Recovery process started, check your email.' });
  });

};
