// The Passbolt response envelope, shared by the server (which builds it) and the desktop client (which reads it).
// Every answer of the API, success or error, has this shape.

export type ApiStatus = 'success' | 'error';

export interface ApiPagination {
  /** Total number of items matching the query, across all pages. */
  count: number;
  page: number;
  /** Null when the caller asked for no limit. */
  limit: number | null;
}

export interface ApiHeader {
  /** A fresh UUID per request. */
  id: string;
  status: ApiStatus;
  /** Unix seconds. */
  servertime: number;
  /** UUID v5 of the action name. */
  action: string;
  message: string;
  /** The request path, without query string. */
  url: string;
  /** The HTTP status code. */
  code: number;
  pagination?: ApiPagination;
}

export interface ApiEnvelope<TBody = unknown> {
  header: ApiHeader;
  body: TBody;
}
