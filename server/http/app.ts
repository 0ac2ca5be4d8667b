// The Fastify app factory. Every answer, including unknown routes, body-limit and content-type failures and
// malformed JSON, is Passbolt's `{header, body}` envelope; route handlers answer with `reply.success(...)` and
// signal failures by throwing an ApiError (errors.ts).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ApiPagination } from '../../common/api/envelope';
import { API_ERROR_MESSAGES } from '../../common/api/error';
import type { Deps } from '../composition';
import { routeModules } from '../routes/index';
import { ApiError, BadRequestError, NotFoundError, TooManyRequestsError } from './errors';
import { buildEnvelope } from './envelope';
import { StreamedList, streamEnvelope } from './streamed-json';
import { drainRequestBody } from './body-drain';
import { fixedResponseHeaders, installSecurityHeaders } from './security-headers';
import { stdoutLogStream } from './log-stream';
import { censorCredentials, LOG_REDACT_PATHS } from './log-redaction';
import { parseRawQuery, type RawQuery } from './query';
import { stripJsonSuffix, wantsBrowserPage, wantsJson } from './negotiation';

export interface SuccessOptions {
  message?: string;
  status?: number;
  pagination?: ApiPagination;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Sends `body` in a success envelope. */
    success(body: unknown, options?: SuccessOptions): FastifyReply;
  }
}

export interface AppOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: Writable;
}

const JSON_SUFFIX_MISSING = 'Please use .json extension in URL or accept application/json.';

function requestPath(request: FastifyRequest): string {
  const url = request.originalUrl ?? request.url;
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 2048);
}

function actionOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? 'not-found'}`;
}

function sendEnvelope(request: FastifyRequest, reply: FastifyReply, deps: Deps, code: number, message: string,
  body: unknown, pagination?: ApiPagination): FastifyReply {
  const status = code < 400 ? 'success' : 'error';
  const envelope = buildEnvelope({
    status, code, message, body, pagination, action: actionOf(request), url: requestPath(request), nowMs: deps.clock.nowMs(),
  });
  reply.code(code).type('application/json; charset=utf-8');
  return reply.send(body instanceof StreamedList ? streamEnvelope(envelope, body) : envelope);
}

/** Maps Fastify's own 4xx errors (body limit, content type, JSON syntax) to Passbolt-style messages. */
function frameworkClientError(error: FastifyError): { code: number; message: string } | null {
  const code = error.statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500) return null;
  if (code === 413) return { code, message: API_ERROR_MESSAGES.payloadTooLarge };
  if (code === 415) return { code, message: API_ERROR_MESSAGES.unsupportedMediaType };
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return { code: 400, message: 'The request body is not valid JSON.' };
  }
  return { code, message: code === 404 ? API_ERROR_MESSAGES.notFound : 'The request is invalid.' };
}

function installErrorHandling(app: FastifyInstance, deps: Deps): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendEnvelope(request, reply, deps, error.status, error.message, error.body);
    }
    const client = frameworkClientError(error);
    if (client) {
      // A body over the limit is refused before it is all read; reading the rest first (bounded) lets the client
      // get this answer rather than a reset of the connection Fastify closes after it (body-drain.ts).
      if (client.code === 413) {
        const outcome = await drainRequestBody(request.raw);
        if (outcome !== 'complete') request.log.warn({ outcome }, 'oversized body not drained to its end');
      }
      return sendEnvelope(request, reply, deps, client.code, client.message, '');
    }
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unexpected error');
    return sendEnvelope(request, reply, deps, 500, API_ERROR_MESSAGES.internal, '');
  });
  app.setNotFoundHandler((request, reply) =>
    sendEnvelope(request, reply, deps, 404, API_ERROR_MESSAGES.notFound, ''));
}

const NUL_MESSAGE = 'The request contains a NUL character, which is not allowed.';

/** True if any string (or key) in a parsed JSON value or a query/params map contains U+0000; iterative, any depth. */
export function containsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return true;
        stack.push(v);
      }
    }
  }
  return false;
}

/**
 * An empty body is allowed (clients send `content-type: application/json` on DELETE without a body).
 * PostgreSQL text cannot hold U+0000, so a body carrying one is refused here rather than failing in a query.
 */
function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) {
      done(null, undefined);
      return;
    }
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (!error && containsNul(value)) {
        done(new BadRequestError(NUL_MESSAGE), undefined);
        return;
      }
      done(error, value);
    });
  });
}

function installConventions(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('user', null);
  app.decorateRequest('pendingSession', null);
  app.decorateReply('success', function success(this: FastifyReply, body: unknown, options: SuccessOptions = {}) {
    return sendEnvelope(this.request, this, deps, options.status ?? 200,
      options.message ?? 'The operation was successful.', body, options.pagination);
  });
  app.addHook('onRequest', async (request) => {
    if (!wantsJson(request)) {
      // A browser following a mailed link: the route renders a static page that needs no session and reads nothing.
      if (wantsBrowserPage(request)) return;
      throw new NotFoundError(JSON_SUFFIX_MISSING);
    }
    const version = (request.query as RawQuery)['api-version'];
    if (version === 'v1' || version === '1') throw new BadRequestError('API v1 support is deprecated in this version.');
    if (containsNul(request.query) || containsNul(request.params)) throw new BadRequestError(NUL_MESSAGE);
    await deps.authenticator.authenticate(request);
  });
  // One line per request with the route pattern, never the path: paths carry setup tokens. A callback hook, not
  // an async one: it runs on every request and has nothing to wait for.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, route: request.routeOptions.url ?? 'not-found',
      status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (oversized headers, garbage request lines, slow
 * clients) still get the envelope, written straight to the socket.
 */
function clientErrorHandler(deps: Deps) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
    const [code, message] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'The request took too long.'] : [400, 'The request is malformed.'];
    const envelope = buildEnvelope({ status: 'error', code, message, body: '', action: 'client-error', url: '', nowMs: deps.clock.nowMs() });
    const text = JSON.stringify(envelope);
    socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nContent-Type: application/json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  };
}

export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      // Defence in depth (log-redaction.ts): credentials that slip into a log call are censored.
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
      formatters: { log: censorCredentials },
      stream: options.logStream ?? stdoutLogStream(),
    },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.bodyLimit,
    trustProxy: deps.config.trustProxy,
    rewriteUrl: (req) => stripJsonSuffix(req),
    routerOptions: { maxParamLength: 512, querystringParser: (text) => parseRawQuery(text) },
    clientErrorHandler: clientErrorHandler(deps),
    frameworkErrors: (error, request, reply) => {
      reply.headers(fixedResponseHeaders());
      sendEnvelope(request, reply, deps, 400, 'The request URL is invalid.', '');
      void error;
    },
  });
  deps.mail.useLogger(app.log);
  installErrorHandling(app, deps);
  installJsonParser(app);
  installSecurityHeaders(app);
  installConventions(app, deps);
  for (const register of routeModules) await app.register(async (scope) => register(scope, deps));
  return app;
}
