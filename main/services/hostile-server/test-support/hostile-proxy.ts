// A hostile Passbolt server for the desktop's tests: a real HTTP server on 127.0.0.1 that forwards every request
// to a real Tessera server and lets a scenario lie on purpose. A rule matches a method and a path and either rewrites
// the real answer's envelope body, or takes the request over entirely (its own status and bytes, half an answer, no
// answer at all). Everything the desktop sent is recorded, so a test can prove what left the app (or that nothing did).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  /** The path without `.json` and query, e.g. `/share/resource/<id>`. */
  path: string;
  url: URL;
  body: Buffer;
  /** The JSON request body, when it is JSON. */
  json: unknown;
}

export interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Takes the request over: answer on `res` (or never), optionally after asking the real server with `upstream()`. */
export type Takeover = (req: SeenRequest, res: ServerResponse, upstream: () => Promise<Upstream>) => void | Promise<void>;

interface Rule {
  method: string;
  path: RegExp;
  takeover: Takeover;
  /** Applies this many more times; Infinity until removed. */
  remaining: number;
}

interface Envelope { header: Record<string, unknown>; body: unknown }

export class HostileServer {
  readonly requests: SeenRequest[] = [];
  private readonly rules: Rule[] = [];
  private readonly sockets = new Set<Socket>();
  private upstreamUrl: URL | undefined;

  private constructor(private readonly server: Server, readonly url: string) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<HostileServer> {
    const holder: { self?: HostileServer } = {};
    const server = createServer((req, res) => {
      void holder.self?.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new HostileServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.self;
  }

  /** Where the real server listens (the proxy is its public URL). */
  forwardTo(listenUrl: string): void {
    this.upstreamUrl = new URL(listenUrl);
  }

  /** Adds a rule; returns a function removing it. `times` limits how often it applies. */
  on(method: string, path: RegExp, takeover: Takeover, times = Infinity): () => void {
    const rule: Rule = { method, path, takeover, remaining: times };
    this.rules.unshift(rule);
    return () => {
      const i = this.rules.indexOf(rule);
      if (i >= 0) this.rules.splice(i, 1);
    };
  }

  /** Forwards, then replaces the envelope's body with what `edit` returns (it may change the body in place). */
  rewrite(method: string, path: RegExp, edit: (body: unknown, req: SeenRequest) => unknown, times = Infinity): () => void {
    return this.on(method, path, async (req, res, upstream) => {
      const real = await upstream();
      const envelope = JSON.parse(real.body.toString('utf8')) as Envelope;
      const edited = edit(envelope.body, req);
      send(res, real.status, JSON.stringify({ ...envelope, body: edited === undefined ? envelope.body : edited }), real.headers);
    }, times);
  }

  /** Answers with exactly these bytes (no forwarding). */
  reply(method: string, path: RegExp, status: number, body: string | Buffer, contentType = 'application/json', times = Infinity): () => void {
    return this.on(method, path, (_req, res) => {
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    }, times);
  }

  /** Requests seen for a method and path since `from` (an index into `requests`). */
  seen(method: string, path: RegExp, from = 0): SeenRequest[] {
    return this.requests.slice(from).filter((r) => r.method === method && path.test(r.path));
  }

  /** Removes every rule: the server is honest again. */
  clear(): void {
    this.rules.length = 0;
  }

  async close(): Promise<void> {
    this.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    const seen: SeenRequest = {
      method: req.method ?? 'GET', path: url.pathname.replace(/\.json$/, ''), url, body, json: parseJson(body),
    };
    this.requests.push(seen);
    const upstream = () => this.forward(req, body);
    const rule = this.rules.find((r) => r.method === seen.method && r.path.test(seen.path));
    if (!rule) {
      const real = await upstream();
      send(res, real.status, real.body, real.headers);
      return;
    }
    if (--rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    await rule.takeover(seen, res, upstream);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    const target = this.upstreamUrl;
    if (!target) return Promise.reject(new Error('forwardTo() was not called'));
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      delete headers['content-length'];
      const out = httpRequest({
        host: target.hostname, port: target.port, method: req.method, path: req.url,
        headers: { ...headers, ...(body.length > 0 ? { 'content-length': String(body.length) } : {}) },
      }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => resolve({
          status: answer.statusCode ?? 502,
          headers: answer.headers as Record<string, string | string[]>,
          body: Buffer.concat(chunks),
        }));
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }
}

/** Writes an answer with the real server's headers, minus the ones that describe the old body. */
export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | string[]> = {}): void {
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)));
  res.writeHead(status, { ...kept, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A Passbolt success envelope around `body`. */
export function envelope(body: unknown, status = 200): string {
  return JSON.stringify({
    header: { id: '00000000-0000-4000-8000-000000000000', status: status < 400 ? 'success' : 'error', servertime: Math.floor(Date.now() / 1000), message: 'OK', code: status, url: '/' },
    body,
  });
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
