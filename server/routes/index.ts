// Every route module of the API, registered in this order by buildApp. To add a module, write
// `server/routes/<name>.routes.ts` exporting a RouteModule and append it here.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../composition';
import { healthcheckRoutes } from './healthcheck.routes';
import { authKeyRoutes } from './auth-keys.routes';

/** Registers routes on `app` (an encapsulated scope). Paths are written WITHOUT `.json`: buildApp strips it. */
export type RouteModule = (app: FastifyInstance, deps: Deps) => void | Promise<void>;

export const routeModules: readonly RouteModule[] = [
  healthcheckRoutes,
  authKeyRoutes,
];
