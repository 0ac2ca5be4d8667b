// Times the server's answers to the last byte from a process of its own. The sync-scale benchmark's process also
// holds the desktop vault it synced (100,000 resources at the largest size): its own mark-compact pauses, tens of
// milliseconds at that size, landed inside page timings and made the server look slower as the vault grew. Here
// the client holds nothing but the answer in hand.
import http from 'node:http';

export type ServerTimingInput =
  | { mode: 'repeat'; baseUrl: string; token: string; path: string; times: number }
  | { mode: 'walk'; baseUrl: string; token: string; query: string; pageSize: number; minSamples: number }
  | { mode: 'whole'; baseUrl: string; token: string; path: string; times: number; expect: number };

export interface ServerTimingReport {
  /** Milliseconds per timed request (for a walk, the continued pages only). */
  ms: number[];
  /** Requests made, timed or not. */
  requests: number;
}

/** One GET to its last byte: milliseconds and the body. */
function timeToLastByte(baseUrl: string, token: string, path: string): Promise<{ ms: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: hostname, port, path, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve({ ms: performance.now() - t0, body: Buffer.concat(chunks).toString('utf8') })
        : reject(new Error(`GET ${path}: ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same request `times` times. */
async function repeat(input: { baseUrl: string; token: string; path: string; times: number }): Promise<ServerTimingReport> {
  const ms: number[] = [];
  for (let i = 0; i < input.times; i++) ms.push((await timeToLastByte(input.baseUrl, input.token, input.path)).ms);
  return { ms, requests: input.times };
}

/**
 * The whole list walked as the desktop's sync walks it (page 1, then each page continued after the last row of the
 * one before, until page 1's count is reached), as many times as it takes to time `minSamples` continued pages.
 * Like the desktop, it asks for no page after the count: a vault of an exact multiple of the page size would
 * otherwise end each walk with an empty answer, which is no page of 1,000 and costs the server next to nothing. At
 * 10,000 that was one request in eleven (one in a hundred and one at 100,000): it lowered the small size's CPU per
 * page and page p50, and so raised their growth.
 */
async function walk(input: Extract<ServerTimingInput, { mode: 'walk' }>): Promise<ServerTimingReport> {
  const ms: number[] = [];
  let requests = 0;
  do {
    let total: number | undefined;
    let held = 0;
    for (let after: string | undefined, page = 1; ; page++) {
      const { ms: took, body } = await timeToLastByte(input.baseUrl, input.token,
        `/resources.json?${input.query}&page=${page}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      requests++;
      if (after) ms.push(took);
      const answer = JSON.parse(body) as { header: { pagination?: { count: number } }; body: { id: string; created: string }[] };
      const rows = answer.body;
      total ??= answer.header.pagination?.count;
      held += rows.length;
      if (total === undefined || held >= total || rows.length < input.pageSize) break;
      after = `${rows.at(-1)!.created}|${rows.at(-1)!.id}`;
    }
    // A vault of one page has no continued page: its walks are repeated for as many requests instead, so that the
    // server's CPU per page rests on more than one request.
  } while (ms.length < input.minSamples && (ms.length > 0 || requests < input.minSamples));
  return { ms, requests };
}

/** The whole list, checked once to hold `expect` resources, then timed. */
async function whole(input: Extract<ServerTimingInput, { mode: 'whole' }>): Promise<ServerTimingReport> {
  const listed = (JSON.parse((await timeToLastByte(input.baseUrl, input.token, input.path)).body) as { body: unknown[] }).body.length;
  if (listed !== input.expect) throw new Error(`the whole list held ${listed} resources, not ${input.expect}`);
  const timed = await repeat(input);
  return { ms: timed.ms, requests: timed.requests + 1 };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.TESSERA_SERVER_TIMING ?? 'null') as ServerTimingInput | null;
  if (!input) throw new Error('TESSERA_SERVER_TIMING is not set');
  const report = input.mode === 'walk' ? await walk(input) : input.mode === 'whole' ? await whole(input) : await repeat(input);
  process.stdout.write(`TIMING ${JSON.stringify(report)}\n`);
}

if (process.env.TESSERA_SERVER_TIMING) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
