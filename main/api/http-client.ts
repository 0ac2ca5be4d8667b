// The transport of the Passbolt API: JSON over fetch, Passbolt's `{header, body}` envelope, typed errors,
// `Authorization: Bearer` with one transparent renewal on 401 (the token source refreshes or logs in again).
import type { ZodType } from 'zod';
import { ApiBadResponseError, ApiHttpError, ApiUnavailableError, CancelledError } from './api-errors';
import { buildUrl, type QueryOptions } from './url';

export interface Pagination { count: number; page: number; limit: number | null }

export interface EnvelopeHeader {
  id?: string;
  status: 'success' | 'error';
  servertime?: number;
  message: string;
  code?: number;
  url?: string;
  pagination?: Pagination;
}

export interface ApiResponse<T> {
  header: EnvelopeHeader;
  body: T;
  /** Raw `Set-Cookie` values (the rotated refresh token arrives this way). */
  setCookies: string[];
}

/** Supplies the bearer token and renews it when the server answers 401 (see access-token-manager.ts). */
export interface AccessTokenSource {
  current(): string | undefined;
  /** Returns a new token to retry with; `failed` is the token the server refused. Throws when it cannot. */
  renew(failed: string | undefined): Promise<string>;
}

export interface RequestOptions<T> {
  query?: QueryOptions;
  body?: unknown;
  /** Checks the body's shape; a mismatch is an ApiBadResponseError. Without it the body is `unknown`. */
  schema?: ZodType<T>;
  /** Send the bearer token (default true). Login, setup and public endpoints pass false. */
  auth?: boolean;
  signal?: AbortSignal;
}

export type Fetch = typeof fetch;

export interface HttpClientOptions {
  fetch?: Fetch;
  /** Per request, start to last byte, default 60 s (a 10k-resource index on a slow link takes a while). */
  timeoutMs?: number;
  /** Until the status line and headers arrive, default 20 s: a server that accepts and never answers fails fast. */
  headersTimeoutMs?: number;
  /** Longest pause between two chunks of a body, default 20 s: an answer that stalls halfway fails fast. */
  idleTimeoutMs?: number;
  /** Largest body read, default 128 MiB (about ten times a 10k-resource index): a bigger one is refused unread. */
  maxResponseBytes?: number;
}

export const DEFAULT_HTTP_LIMITS = {
  timeoutMs: 60_000,
  headersTimeoutMs: 20_000,
  idleTimeoutMs: 20_000,
  maxResponseBytes: 128 * 1024 * 1024,
} as const;

export class HttpClient {
  private tokens: AccessTokenSource | undefined;
  /** Called when a request gets no HTTP answer at all (the session marks itself offline). */
  onUnavailable: (() => void) | undefined;
  private readonly fetchImpl: Fetch;
  private readonly limits: Required<Omit<HttpClientOptions, 'fetch'>>;

  constructor(readonly baseUrl: string, options: HttpClientOptions = {}) {
    this.fetchImpl = options.fetch ?? fetch;
    this.limits = {
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_LIMITS.timeoutMs,
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_HTTP_LIMITS.headersTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_HTTP_LIMITS.idleTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_HTTP_LIMITS.maxResponseBytes,
    };
  }

  setTokenSource(tokens: AccessTokenSource | undefined): void {
    this.tokens = tokens;
  }

  url(path: string, query?: QueryOptions): string {
    return buildUrl(this.baseUrl, path, query);
  }

  get<T>(path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    return this.request('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    return this.request('POST', path, options);
  }

  put<T>(path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    return this.request('PUT', path, options);
  }

  delete<T>(path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    return this.request('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    const url = this.url(path, options.query);
    const auth = options.auth ?? true;
    const token = auth ? this.tokens?.current() : undefined;
    let exchange = await this.send(method, url, options, token);
    if (exchange.response.status === 401 && auth && this.tokens) {
      exchange.done();
      await exchange.response.body?.cancel().catch(() => undefined);
      const renewed = await this.tokens.renew(token);
      exchange = await this.send(method, url, options, renewed);
    }
    try {
      return this.parse(url, exchange.response, await this.readBody(url, exchange, options.signal), options.schema);
    } finally {
      exchange.done();
    }
  }

  /** Sends the request and waits for the headers; the returned deadline keeps running while the body is read. */
  private async send(method: string, url: string, options: RequestOptions<unknown>, token: string | undefined): Promise<Exchange> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const deadline = new Deadline(this.limits.timeoutMs, options.signal);
    deadline.arm(this.limits.headersTimeoutMs);
    try {
      const response = await this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: deadline.signal,
        redirect: 'error',
      });
      return { response, deadline, done: () => deadline.clear() };
    } catch (error) {
      deadline.clear();
      throw this.failure(url, error, deadline, options.signal);
    }
  }

  /**
   * Reads the body as text, refusing one larger than the limit (by Content-Length before reading, else as it
   * grows) and one that pauses longer than the idle timeout.
   */
  private async readBody(url: string, { response, deadline }: Exchange, signal: AbortSignal | undefined): Promise<string> {
    const max = this.limits.maxResponseBytes;
    const tooLarge = () => new ApiBadResponseError(url, `the answer is larger than ${Math.round(max / (1024 * 1024))} MB`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > max) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let size = 0;
    try {
      for (;;) {
        deadline.arm(this.limits.idleTimeoutMs);
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > max) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        parts.push(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (error instanceof ApiBadResponseError) throw error;
      throw this.failure(url, error, deadline, signal);
    }
    parts.push(decoder.decode());
    return parts.join('');
  }

  /** Cancelled by the caller, or no (complete) answer: the session goes offline. */
  private failure(url: string, error: unknown, deadline: Deadline, signal: AbortSignal | undefined): Error {
    if (signal?.aborted) return new CancelledError();
    this.onUnavailable?.();
    return new ApiUnavailableError(url, deadline.timedOut ? new Error('no answer in time') : error, deadline.timedOut);
  }

  private parse<T>(url: string, response: Response, text: string, schema: ZodType<T> | undefined): ApiResponse<T> {
    const envelope = parseEnvelope(text);
    if (!response.ok) {
      const message = envelope?.header.message || response.statusText || `HTTP ${response.status}`;
      throw new ApiHttpError(response.status, message, envelope?.body ?? '', url);
    }
    if (!envelope) throw new ApiBadResponseError(url, 'not a Passbolt JSON envelope');
    let body = envelope.body as T;
    if (schema) {
      const result = schema.safeParse(envelope.body);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new ApiBadResponseError(url, `body.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      body = result.data;
    }
    return { header: envelope.header, body, setCookies: response.headers.getSetCookie() };
  }
}

interface Exchange {
  response: Response;
  deadline: Deadline;
  done(): void;
}

/**
 * One request's clock: an overall limit, plus a shorter one re-armed at each wait (the headers, then each chunk of
 * the body), and the caller's cancel signal, all behind one AbortSignal that fetch and the body stream obey.
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly overall: ReturnType<typeof setTimeout>;
  private step: ReturnType<typeof setTimeout> | undefined;
  readonly signal: AbortSignal;
  timedOut = false;

  constructor(totalMs: number, callerSignal: AbortSignal | undefined) {
    this.overall = setTimeout(() => this.expire(), totalMs);
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.controller.signal]) : this.controller.signal;
  }

  arm(ms: number): void {
    if (this.step !== undefined) clearTimeout(this.step);
    this.step = setTimeout(() => this.expire(), ms);
  }

  clear(): void {
    clearTimeout(this.overall);
    if (this.step !== undefined) clearTimeout(this.step);
  }

  private expire(): void {
    this.timedOut = true;
    this.clear();
    this.controller.abort(new DOMException('The server did not answer in time.', 'TimeoutError'));
  }
}

function parseEnvelope(text: string): { header: EnvelopeHeader; body: unknown } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || !('header' in json) || !('body' in json)) return undefined;
  const header = (json as { header: unknown }).header;
  if (typeof header !== 'object' || header === null) return undefined;
  const h = header as Record<string, unknown>;
  if (h.status !== 'success' && h.status !== 'error') return undefined;
  return {
    header: {
      ...(h as object),
      status: h.status,
      message: typeof h.message === 'string' ? h.message : '',
    } as EnvelopeHeader,
    body: (json as { body: unknown }).body,
  };
}
