// The security headers every answer carries (CSP, frame, referrer, CORP, HSTS, nosniff...), as helmet
// computes them for this configuration. @fastify/helmet rebuilds helmet's middleware chain (parsing the CSP
// directives again) on every request, which a profile of the secret fetch showed at ~6% of its CPU. The
// configuration is fixed and nothing in it depends on the request, so helmet runs once at start-up and the
// resulting header set is copied onto each reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"],
    baseUri: ["'none'"], formAction: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
};

/** Runs helmet once against a recording response and returns the headers it sets (lower-case names). */
export function computeSecurityHeaders(options: Readonly<HelmetOptions> = SECURITY_HEADER_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: unknown) { headers[name.toLowerCase()] = String(value); },
    removeHeader(name: string) { delete headers[name.toLowerCase()]; },
  };
  let failure: unknown = null;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => { if (err) failure = err; });
  if (failure) throw failure instanceof Error ? failure : new Error('helmet refused its configuration');
  if (Object.keys(headers).length === 0) throw new Error('helmet produced no headers');
  return headers;
}

let fixedHeaders: Readonly<Record<string, string>> | null = null;

/**
 * Every answer's fixed headers: the security headers and `Cache-Control: no-store` (API answers carry secrets and
 * tokens, and no route sets its own). Computed once.
 */
export function fixedResponseHeaders(): Readonly<Record<string, string>> {
  fixedHeaders ??= Object.freeze({ ...computeSecurityHeaders(), 'cache-control': 'no-store' });
  return fixedHeaders;
}

/**
 * Adds the fixed headers to every reply (the same hook point @fastify/helmet uses). Cache-Control is set here
 * rather than in an onSend hook, which cost an extra async hook on every request. Answers Fastify makes before
 * routing (a malformed URL) do not pass through onRequest: app.ts adds the headers to those itself.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = fixedResponseHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
