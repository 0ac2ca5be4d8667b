// Serves the built renderer for the app:// scheme. Written against the Fetch API's Request/Response (as
// Electron's protocol.handle is), without importing Electron, so the e2e harness serves the renderer through
// this same code over HTTP.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER, resolveAppPath } from './security-policy';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers on every answer: the CSP (also in the HTML's meta tag) and the usual hardening. */
export const appResponseHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface AppProtocolOptions {
  /** The folder holding the built renderer (dist/renderer). */
  readonly root: string;
  /** The origin the renderer is served at: app://tessera in the app, an http origin in the e2e harness. */
  readonly appOrigin: string;
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...appResponseHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
}

/** Answers one request for the renderer's files: GET/HEAD only, inside `root` only, known file types only. */
export async function handleAppRequest(request: Request, options: AppProtocolOptions): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
  const filePath = resolveAppPath(options.root, request.url, options.appOrigin);
  if (!filePath) return plain(404, 'Not Found');
  const contentType = contentTypes[path.extname(filePath).toLowerCase()];
  if (!contentType) return plain(404, 'Not Found');
  try {
    // A symlink inside root could point anywhere; judge the real path too.
    const [realRoot, realFile] = await Promise.all([realpath(options.root), realpath(filePath)]);
    const relative = path.relative(realRoot, realFile);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return plain(404, 'Not Found');
    if (!(await stat(realFile)).isFile()) return plain(404, 'Not Found');
    const body = request.method === 'HEAD' ? null : await readFile(realFile);
    return new Response(body, { status: 200, headers: { ...appResponseHeaders, 'Content-Type': contentType } });
  } catch {
    return plain(404, 'Not Found');
  }
}
