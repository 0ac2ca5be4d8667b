// Every route module of the API, registered in this order by buildApp. To add a module, write
// `server/routes/<name>.routes.ts` exporting a RouteModule and append it here.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../composition';
import { healthcheckRoutes } from './healthcheck.routes';
import { authKeyRoutes } from './auth-keys.routes';
import { authRoutes } from './auth.routes';
import { setupRoutes } from './setup.routes';
import { userRoutes } from './users.routes';
import { keyAndRoleRoutes } from './keys-roles.routes';
import { settingsRoutes } from './settings.routes';
import { policyRoutes } from './policies.routes';
import { resourceTypeRoutes } from './resource-types.routes';
import { resourceRoutes } from './resources.routes';
import { secretRoutes } from './secrets.routes';
import { permissionRoutes } from './permissions.routes';
import { shareRoutes } from './share.routes';
import { favoriteRoutes } from './favorites.routes';
import { groupRoutes } from './groups.routes';
import { browserPageRoutes } from './browser-pages.routes';

/** Registers routes on `app` (an encapsulated scope). Paths are written WITHOUT `.json`: buildApp strips it. */
export type RouteModule = (app: FastifyInstance, deps: Deps) => void | Promise<void>;

export const routeModules: readonly RouteModule[] = [
  healthcheckRoutes,
  authKeyRoutes,
  authRoutes,
  setupRoutes,
  userRoutes,
  keyAndRoleRoutes,
  settingsRoutes,
  policyRoutes,
  resourceTypeRoutes,
  resourceRoutes,
  secretRoutes,
  permissionRoutes,
  shareRoutes,
  favoriteRoutes,
  groupRoutes,
  browserPageRoutes,
];
