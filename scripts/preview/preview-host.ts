// The development preview's HTTP host: serves the built renderer to a local browser through the app's own
// app:// handler (handleAppRequest), adds the page bridge script, and carries IPC calls and events between the
// page and the real dispatcher in this process. Loopback only, and every call needs the random token from the
// printed link; the dispatcher then checks the sender's origin and the payload exactly as in the app.
//
// Differences from the app, all forced by the transport: the CSP allows connect-src 'self' (the page must reach
// this host; the app's 'none' stays everywhere else), and index.html gets one extra same-origin script tag.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appResponseHeaders, handleAppRequest } from '../../main/electron/app-protocol';
import type { IpcDispatch } from '../../main/electron/ipc-dispatch';
import { createEventPublisher, type EventPublisher } from '../../main/electron/ipc-events';
import { CONTENT_SECURITY_POLICY, isAppOrigin } from '../../main/electron/security-policy';
import { BRIDGE_SCRIPT_PATH, EVENTS_PATH, IPC_PATH, PREVIEW_PREFIX, TOKEN_PARAM, type PreviewEventFrame } from './names';

/** Far above the largest legitimate request (a 64 KiB armored key, a 10,000-character description). */
export const MAX_IPC_BODY_BYTES = 1024 * 1024;
/** Past this much of an oversized body the connection is cut instead of read to the end. */
const MAX_DRAINED_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 20_000;

function previewPolicy(): string {
  const appConnect = "connect-src 'none'";
  if (!CONTENT_SECURITY_POLICY.includes(appConnect)) throw new Error(`The app's CSP no longer has "${appConnect}"; update the preview's CSP.`);
  return CONTENT_SECURITY_POLICY.replace(appConnect, "connect-src 'self'");
}

/** The app's CSP with the one change the HTTP transport needs. */
export const PREVIEW_CONTENT_SECURITY_POLICY = previewPolicy();
const previewHeaders: Readonly<Record<string, string>> = {
  ...appResponseHeaders,
  'Content-Security-Policy': `${PREVIEW_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
};
const apiHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

export interface PreviewHostOptions {
  /** The built renderer (dist/renderer). */
  readonly rendererRoot: string;
  /** The bundled page bridge, a classic script (built outside dist/). */
  readonly bridgeScriptFile: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** 32 random bytes, base64url, unless a test passes its own. */
  readonly token?: string;
  /** Told about requests that failed inside the host; never given a header, a body or the token. */
  readonly log?: (line: string) => void;
}

export interface PreviewHost {
  /** http://127.0.0.1:PORT, the origin the dispatcher accepts. */
  readonly origin: string;
  /** The address to open, token in the fragment. For the user's own terminal only. */
  readonly link: string;
  /** Contract events to every connected page, checked against the contract first. */
  readonly events: EventPublisher;
  /** Hands the host its dispatcher (built once the origin is known); calls answer 503 until then. */
  connect(dispatch: IpcDispatch): void;
  close(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...apiHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

type Body = { readonly kind: 'ok'; readonly data: Buffer } | { readonly kind: 'too-large' } | { readonly kind: 'aborted' };

/** Reads a request body up to `limit`; a larger one is read to its end and dropped (cut past a hard cap). */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAINED_BYTES) req.destroy();
    });
    req.once('end', () => resolve(size > limit ? { kind: 'too-large' } : { kind: 'ok', data: Buffer.concat(chunks) }));
    req.once('close', () => resolve({ kind: 'aborted' }));
  });
}

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = digest(`Bearer ${token}`);
  const bridgeScript = await readFile(options.bridgeScriptFile);
  const log = options.log ?? (() => undefined);
  const streams = new Set<ServerResponse>();
  let dispatch: IpcDispatch | undefined;
  let port = 0;
  let origin = '';

  // Two hashes of equal length compared in constant time: neither the token nor its length leaks by timing.
  const authorized = (req: IncomingMessage) => timingSafeEqual(digest(req.headers.authorization ?? ''), expected);
  // A page on another site can resolve its own name to 127.0.0.1 (DNS rebinding); its requests name that host.
  const hostAllowed = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  /** Checks every API request shares: the token, then a sender origin to judge. */
  function guard(req: IncomingMessage, res: ServerResponse): string | undefined {
    if (req.method !== 'POST') {
      send(res, 405, 'Method Not Allowed', { Allow: 'POST' });
      return undefined;
    }
    if (!authorized(req)) {
      send(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });
      return undefined;
    }
    const sentOrigin = req.headers.origin;
    if (typeof sentOrigin !== 'string') {
      send(res, 403, 'Forbidden: no Origin');
      return undefined;
    }
    return sentOrigin;
  }

  async function handleIpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sentOrigin = guard(req, res);
    if (sentOrigin === undefined) return void req.resume();
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      req.resume();
      return send(res, 415, 'Unsupported Media Type');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_IPC_BODY_BYTES) {
      // Answer at once and close: the client is told before it has sent the whole body.
      res.setHeader('Connection', 'close');
      send(res, 413, 'Payload Too Large');
      req.resume();
      return;
    }
    const body = await readBody(req, MAX_IPC_BODY_BYTES);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') return send(res, 413, 'Payload Too Large');
    let call: unknown;
    try {
      call = JSON.parse(body.data.toString('utf8'));
    } catch {
      return send(res, 400, 'Bad Request: not JSON');
    }
    if (typeof call !== 'object' || call === null || Array.isArray(call)) return send(res, 400, 'Bad Request: not a call');
    if (!dispatch) return send(res, 503, 'Service Unavailable: still starting');
    const { method, payload } = call as { method?: unknown; payload?: unknown };
    // The page's origin, as Electron's senderFrame.url would give it; the dispatcher decides, as in the app.
    const result = await dispatch({ url: `${sentOrigin}/index.html`, isMainFrame: true }, method, payload);
    res.writeHead(200, { ...apiHeaders, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(result));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const sentOrigin = guard(req, res);
    if (sentOrigin === undefined) return;
    // No dispatcher here to judge the sender, so the same origin check it makes is made here.
    if (!isAppOrigin(sentOrigin, origin)) return send(res, 403, 'Forbidden: wrong Origin');
    res.writeHead(200, { ...apiHeaders, 'Content-Type': 'text/event-stream; charset=utf-8' });
    res.write(': connected\n\n');
    streams.add(res);
    res.once('close', () => streams.delete(res));
  }

  async function handleFile(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    req.resume();
    if (pathname === BRIDGE_SCRIPT_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      res.writeHead(200, { ...previewHeaders, 'Content-Type': 'text/javascript; charset=utf-8' });
      return void res.end(req.method === 'HEAD' ? undefined : bridgeScript);
    }
    if (pathname.startsWith(PREVIEW_PREFIX)) return send(res, 404, 'Not Found');
    const response = await handleAppRequest(new Request(new URL(req.url ?? '/', origin), { method: req.method ?? 'GET' }), {
      root: options.rendererRoot, appOrigin: origin,
    });
    // Fetch headers come lower-cased; the preview's replace the app's under the same names.
    const headers: Record<string, string> = Object.fromEntries(response.headers);
    for (const [name, value] of Object.entries(previewHeaders)) headers[name.toLowerCase()] = value;
    let body = Buffer.from(await response.arrayBuffer());
    if (response.ok && (headers['content-type'] ?? '').startsWith('text/html') && req.method === 'GET') {
      const html = withPreviewBridge(body.toString('utf8'));
      if (html === undefined) return send(res, 500, 'The built index.html does not carry the app\'s CSP meta tag; rebuild with `npm run build`.');
      body = Buffer.from(html, 'utf8');
      headers['content-length'] = String(body.length);
    }
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req)) {
      req.resume();
      return send(res, 403, 'Forbidden: this preview answers only on 127.0.0.1 and localhost');
    }
    const pathname = new URL(req.url ?? '/', origin).pathname;
    // The app's origin is 127.0.0.1; a page opened on localhost would be another origin, refused by the dispatcher.
    if (req.headers.host !== `127.0.0.1:${port}` && (req.method === 'GET' || req.method === 'HEAD')) {
      req.resume();
      res.writeHead(308, { ...apiHeaders, Location: new URL(req.url ?? '/', origin).href });
      return void res.end();
    }
    const work = pathname === IPC_PATH ? handleIpc(req, res)
      : pathname === EVENTS_PATH ? Promise.resolve(handleEvents(req, res))
        : handleFile(req, res, pathname);
    work.catch((error: unknown) => {
      log(`The preview host failed to answer a request for ${pathname}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const events = createEventPublisher((channel, payload) => {
    const frame: PreviewEventFrame = { channel, payload };
    const text = `data: ${JSON.stringify(frame)}\n\n`;
    for (const stream of streams) stream.write(text);
  });

  return {
    origin,
    link: `${origin}/#${TOKEN_PARAM}=${token}`,
    events,
    connect(next) {
      dispatch = next;
    },
    close() {
      clearInterval(heartbeat);
      for (const stream of streams) stream.end();
      streams.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const CSP_META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/;

/** index.html with the preview's CSP in its meta tag and the bridge script before the renderer's own scripts. */
export function withPreviewBridge(html: string): string | undefined {
  const meta = CSP_META.exec(html);
  if (!meta || meta[1] !== CONTENT_SECURITY_POLICY) return undefined;
  const replacement = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CONTENT_SECURITY_POLICY}" />`
    + `\n    <script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  return html.slice(0, meta.index) + replacement + html.slice(meta.index + meta[0].length);
}
