// Which answer a request wants. Passbolt clients ask for JSON with a `.json` suffix or an Accept header naming
// application/json; routes are registered without the suffix (buildApp strips it and remembers it here). A few
// GET routes are also links people click in mails: a browser asks those for HTML and gets a page instead.
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers a browser (no `.json`, no JSON Accept) with an HTML page instead of the JSON-only 404. */
    browserPage?: boolean;
  }
}

const SUFFIX_FLAG = Symbol('tessera.jsonSuffix');
type FlaggedMessage = IncomingMessage & { [SUFFIX_FLAG]?: boolean };

/** Routes are registered without `.json`; this strips it and remembers it was there for the Accept rule. */
export function stripJsonSuffix(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.endsWith('.json')) return url;
  (req as FlaggedMessage)[SUFFIX_FLAG] = true;
  return (path.slice(0, -5) || '/') + (q === -1 ? '' : url.slice(q));
}

/** The request asked for the JSON API: a `.json` suffix, or an Accept header naming application/json. */
export function wantsJson(request: FastifyRequest): boolean {
  return (request.raw as FlaggedMessage)[SUFFIX_FLAG] === true || /application\/json/i.test(request.headers.accept ?? '');
}

/** A browser visiting a route that has a page (see `browserPage`). */
export function wantsBrowserPage(request: FastifyRequest): boolean {
  return request.routeOptions.config.browserPage === true && !wantsJson(request);
}
