// The bounded drain on a plain Node HTTP server, with a raw socket as the client so each outcome can be forced:
// the body ends, passes the byte limit, stalls past the time limit, or the client leaves.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drainRequestBody, type DrainLimits, type DrainOutcome } from './body-drain';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
});

/** A server that reads `readFirst` bytes itself, then drains; resolves with the drain's outcome. */
async function drainOnServer(limits: DrainLimits, readFirst: number, client: (socket: Socket) => void): Promise<DrainOutcome> {
  let outcome!: Promise<DrainOutcome>;
  const done = new Promise<void>((resolve) => {
    server = createServer((req, res) => {
      const start = () => {
        outcome = drainRequestBody(req, limits);
        void outcome.then(() => { if (!res.destroyed) res.end('done'); resolve(); });
      };
      if (readFirst === 0) { start(); return; }
      let seen = 0;
      const onData = (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= readFirst) { req.off('data', onData); start(); }
      };
      req.on('data', onData);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server!.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((r) => socket.once('connect', r));
  client(socket);
  await done;
  socket.destroy();
  return outcome;
}

const head = (length: number) => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`;

describe('bounded body drain', () => {
  it('reads the rest of a body to its end', async () => {
    expect(await drainOnServer({ maxBytes: 1 << 20, timeoutMs: 5000 }, 100, (s) => s.write(head(200_000) + 'a'.repeat(200_000))))
      .toBe('complete');
  });

  it('answers at once for a body already read whole', async () => {
    expect(await drainOnServer({ maxBytes: 10, timeoutMs: 5000 }, 50, (s) => s.write(head(50) + 'a'.repeat(50)))).toBe('complete');
  });

  it('stops after the byte limit', async () => {
    expect(await drainOnServer({ maxBytes: 1000, timeoutMs: 5000 }, 0, (s) => s.write(head(100_000) + 'a'.repeat(100_000))))
      .toBe('tooLarge');
  });

  it('stops after the time limit when the client stalls', async () => {
    expect(await drainOnServer({ maxBytes: 1 << 20, timeoutMs: 200 }, 0, (s) => s.write(`${head(1000)}${'a'.repeat(10)}`)))
      .toBe('timeout');
  });

  it('stops when the client leaves', async () => {
    expect(await drainOnServer({ maxBytes: 1 << 20, timeoutMs: 5000 }, 0, (s) => {
      s.write(`${head(1000)}${'a'.repeat(10)}`);
      setTimeout(() => s.destroy(), 100);
    })).toBe('aborted');
  });
});
