// A real local k-anonymity range API (`GET /range/{5 hex}` -> `SUFFIX:COUNT` lines), so the passphrase policy's
// dictionary check runs over HTTP in tests without reaching the public service.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeApi {
  url: string;
  /** Prefixes asked for, to prove only 5 characters of the hash left the client. */
  requests: string[];
  close(): Promise<void>;
}

export async function startRangeApi(leaked: readonly string[]): Promise<RangeApi> {
  const hashes = leaked.map((p) => createHash('sha1').update(p, 'utf8').digest('hex').toUpperCase());
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const prefix = /^\/range\/([0-9A-Fa-f]{5})$/.exec(req.url ?? '')?.[1]?.toUpperCase();
    if (!prefix) { res.writeHead(404); res.end(); return; }
    requests.push(prefix);
    const lines = hashes.filter((h) => h.startsWith(prefix)).map((h) => `${h.slice(5)}:42`);
    lines.push('0000000000000000000000000000000000A:0'); // padding entry
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(lines.join('\r\n'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
