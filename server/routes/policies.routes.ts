// Password policies and user passphrase policies: read by users, written by admins.
import { requireAdmin, requireUser } from '../http/auth-guard';
import type { RouteModule } from './index';

export const policyRoutes: RouteModule = (app, deps) => {
  const settings = deps.services.orgSettings;

  app.get('/password-policies/settings', async (request, reply) => {
    requireUser(request);
    return reply.success(await settings.passwordPolicies());
  });
  app.route({ method: ['POST', 'PUT'], url: '/password-policies/settings', handler: async (request, reply) => {
    const admin = requireAdmin(request);
    return reply.success(await settings.savePasswordPolicies(request.body, admin.id),
      { message: 'The password policies were updated.' });
  } });

  app.get('/user-passphrase-policies/settings', async (request, reply) => {
    requireUser(request);
    return reply.success(await settings.userPassphrasePolicies());
  });
  app.route({ method: ['POST', 'PUT'], url: '/user-passphrase-policies/settings', handler: async (request, reply) => {
    const admin = requireAdmin(request);
    return reply.success(await settings.saveUserPassphrasePolicies(request.body, admin.id),
      { message: 'The user passphrase policies were updated.' });
  } });
};
