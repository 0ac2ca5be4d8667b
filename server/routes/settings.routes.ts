// `GET /settings.json` (no authentication) and the health check. Guests get the public
// whitelist; users also get versions and the plugin list. There is deliberately no `metadata` plugin entry:
// clients then use v4 (cleartext metadata) resources and call no /metadata endpoint.
import { parseListQuery, type RawQuery } from '../http/query';
import type { RouteModule } from './index';

/** The Passbolt API level Tessera speaks; clients read it to decide which features to use. */
const API_VERSION = { number: '4.12.0', name: 'Tessera' } as const;

const LOCALES = [{ locale: 'en-UK', label: 'English' }];

export const settingsRoutes: RouteModule = (app, deps) => {
  app.get('/settings', async (request, reply) => {
    const query = parseListQuery(request.query as RawQuery, { contain: { header: true } });
    const guestPart = {
      app: { url: `${deps.config.publicUrl}/`, locale: 'en-UK' },
      passbolt: {
        legal: { privacy_policy: { url: '' }, terms: { url: '' } },
        edition: 'ce',
        plugins: {
          jwtAuthentication: { enabled: true },
          locale: { options: LOCALES },
        },
      },
    };
    const settings = request.user === null ? guestPart : {
      app: { ...guestPart.app, version: API_VERSION, debug: 0, server_timezone: 'UTC', session_timeout: 24 * 60 },
      passbolt: {
        ...guestPart.passbolt,
        plugins: {
          jwtAuthentication: { version: '1.0.0', enabled: true },
          locale: { version: '1.0.0', enabled: true, options: LOCALES },
          passwordPolicies: { version: '1.0.0', enabled: true },
          userPassphrasePolicies: { version: '1.0.0', enabled: true },
          resourceTypes: { version: '1.0.0', enabled: true },
          previewPassword: { version: '1.0.0', enabled: true },
          export: { version: '1.0.0', enabled: false },
          import: { version: '1.0.0', enabled: false },
        },
      },
    };
    if (query.contain.header === false) return reply.type('application/json; charset=utf-8').send(settings);
    return reply.success(settings);
  });
};
