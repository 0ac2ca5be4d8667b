// Account setup and recovery for guests. The two start URLs are also
// the links mailed to people: a browser (no `.json`, no JSON Accept) gets a static page pointing to the app.
import { requireGuest } from '../http/auth-guard';
import { sendSetupPage } from '../http/browser-page';
import { wantsBrowserPage } from '../http/negotiation';
import { requireUuid } from '../http/validation';
import type { RouteModule } from './index';

interface UserParams { userId: string }
interface TokenParams extends UserParams { token: string }

export const setupRoutes: RouteModule = (app, deps) => {
  const { setup, rateLimits } = deps.services;

  const guard = async (ip: string, request: Parameters<typeof requireGuest>[0]) => {
    requireGuest(request);
    await rateLimits.consume('setup', ip);
  };

  app.get<{ Params: TokenParams }>('/setup/start/:userId/:token', { config: { browserPage: true } }, async (request, reply) => {
    if (wantsBrowserPage(request)) {
      return sendSetupPage(reply, deps.config.publicUrl, 'register', request.params.userId, request.params.token);
    }
    await guard(request.ip, request);
    const userId = requireUuid(request.params.userId, 'user');
    const token = requireUuid(request.params.token, 'authentication token');
    return reply.success(await setup.start(userId, token, 'register'));
  });

  app.post<{ Params: UserParams }>('/setup/complete/:userId', async (request, reply) => {
    await guard(request.ip, request);
    const user = await setup.complete(requireUuid(request.params.userId, 'user'), request.body, 'register');
    return reply.success(user, { message: 'The setup was completed successfully.' });
  });

  app.get<{ Params: TokenParams }>('/setup/recover/start/:userId/:token', { config: { browserPage: true } }, async (request, reply) => {
    if (wantsBrowserPage(request)) {
      return sendSetupPage(reply, deps.config.publicUrl, 'recover', request.params.userId, request.params.token);
    }
    await guard(request.ip, request);
    const userId = requireUuid(request.params.userId, 'user');
    const token = requireUuid(request.params.token, 'authentication token');
    return reply.success(await setup.start(userId, token, 'recover'));
  });

  app.post<{ Params: UserParams }>('/setup/recover/complete/:userId', async (request, reply) => {
    await guard(request.ip, request);
    const user = await setup.complete(requireUuid(request.params.userId, 'user'), request.body, 'recover');
    return reply.success(user, { message: 'The recovery was completed successfully.' });
  });

  app.post<{ Params: UserParams }>('/setup/recover/abort/:userId', async (request, reply) => {
    await guard(request.ip, request);
    await setup.abortRecover(requireUuid(request.params.userId, 'user'), request.body);
    return reply.success(null, { message: 'The recovery was aborted.' });
  });
};
