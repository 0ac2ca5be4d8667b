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
  /** Per request, default 60 s (a 10k-resource index on a slow link takes a while). */
  timeoutMs?: number;
}

export class HttpClient {
  private tokens: AccessTokenSource | undefined;
  /** Called when a request gets no HTTP answer at all (the session marks itself offline). */
  onUnavailable: (() => void) | undefined;
  private readonly fetchImpl: Fetch;
  private readonly timeoutMs: number;

  constructor(readonly baseUrl: string, options: HttpClientOptions = {}) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
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
    let response = await this.send(method, url, options, token);
    if (response.status === 401 && auth && this.tokens) {
      await response.body?.cancel();
      const renewed = await this.tokens.renew(token);
      response = await this.send(method, url, options, renewed);
    }
    return this.parse(url, response, options.schema);
  }

  private async send(method: string, url: string, options: RequestOptions<unknown>, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      return await this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
        redirect: 'error',
      });
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError();
      this.onUnavailable?.();
      throw new ApiUnavailableError(url, error);
    }
  }

  private async parse<T>(url: string, response: Response, schema: ZodType<T> | undefined): Promise<ApiResponse<T>> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new ApiUnavailableError(url, error);
    }
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
