// Browser pages outside the setup routes. `GET /` is the "Open Tessera" link in notification mails; any other
// `/setup/...` address a browser opens (a link cut short or tampered with) gets the plain broken-link page, which
// repeats nothing from the address. JSON requests to these paths answer 404 as for any unknown path.
import { brokenLinkPage, homePage, sendPage } from '../http/browser-page';
import { NotFoundError } from '../http/errors';
import { wantsBrowserPage } from '../http/negotiation';
import type { RouteModule } from './index';

export const browserPageRoutes: RouteModule = (app, deps) => {
  app.get('/', { config: { browserPage: true } }, async (request, reply) => {
    if (!wantsBrowserPage(request)) throw new NotFoundError();
    return sendPage(reply, 200, homePage(deps.config.publicUrl));
  });

  app.get('/setup/*', { config: { browserPage: true } }, async (request, reply) => {
    if (!wantsBrowserPage(request)) throw new NotFoundError();
    return sendPage(reply, 404, brokenLinkPage());
  });
};
