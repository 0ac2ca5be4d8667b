// Pure security decisions for the Electron glue, kept free of Electron so they run under plain Node tests.
// Every decision parses with WHATWG URL and compares parts; no regular expression ever judges a URL
// (a regex let `canNavigate` be bypassed in Passbolt's desktop app, PBL-11-001).
import path from 'node:path';

/** The app is served from this privileged custom scheme instead of file:// (Electron checklist #18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tessera';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The renderer's Content-Security-Policy. No 'unsafe-inline', no 'unsafe-eval'; the renderer talks to
 * nothing but its own files (sync and every network call happen in main). Trusted Types stop any
 * string-to-HTML sink from running, since the UI only ever renders text.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** `frame-ancestors` is ignored in a meta tag, so the header adds it. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]` of a URL, or null. Built by hand because WHATWG gives custom schemes such as
 * app:// the opaque origin "null". URLs carrying credentials get no origin: `app://tessera@evil.com`
 * must never look like the app.
 */
export function originOf(url: unknown): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Whether `url` belongs to the app's own origin (exact scheme, host and port). */
export function isAppOrigin(url: unknown, appOrigin: string = APP_ORIGIN): boolean {
  const expected = originOf(appOrigin);
  const actual = originOf(url);
  return expected !== null && actual === expected;
}

/**
 * The URL to hand to the OS browser, or null when it must not be opened. Only http: and https:, never
 * file:, javascript:, or OS handlers such as ms-settings: (Electron checklist #15). Returns the
 * re-serialised URL so the OS sees exactly what was checked.
 */
export function externalUrl(url: unknown): string | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

export function isAllowedExternalUrl(url: unknown): boolean {
  return externalUrl(url) !== null;
}

/**
 * The file under `root` that an app-origin request names, or null if the request is foreign or tries to
 * leave `root` (`..`, encoded separators, NUL bytes). `/` serves index.html.
 */
export function resolveAppPath(root: string, requestUrl: string, appOrigin: string = APP_ORIGIN): string | null {
  if (!isAppOrigin(requestUrl, appOrigin)) return null;
  const parsed = parseUrl(requestUrl);
  if (!parsed) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = path.resolve(root);
  const resolved = path.resolve(base, `.${pathname}`);
  const relative = path.relative(base, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}
