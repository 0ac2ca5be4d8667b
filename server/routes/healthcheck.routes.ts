// `GET|HEAD /healthcheck/status.json`: no authentication, body "OK" (HEAD comes from Fastify's exposeHeadRoutes).
import type { RouteModule } from './index';

export const healthcheckRoutes: RouteModule = (app) => {
  app.get('/healthcheck/status', async (_request, reply) => reply.success('OK'));
};
