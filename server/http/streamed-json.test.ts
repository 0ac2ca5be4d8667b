import { describe, expect, it } from 'vitest';
import { buildEnvelope } from './envelope';
import { StreamedList, streamEnvelope } from './streamed-json';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  return out;
}

const envelope = (url: string) => buildEnvelope({ status: 'success', code: 200, message: 'The operation was successful.', action: 'GET /resources',
  url, body: null, nowMs: 1_800_000_000_000, pagination: { count: 2500, page: 1, limit: null } });

describe('streamed JSON envelopes', () => {
  it('writes exactly the JSON of the envelope with the items as its body, for any number of items', async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2500]) {
      const items = Array.from({ length: n }, (_, i) => ({ id: i, name: `é "quoted" \u0000 ${i}`, nested: { ok: i % 2 === 0 }, none: null }));
      const e = envelope('/resources.json');
      const streamed = await text(streamEnvelope(e, StreamedList.of([...items])));
      expect(streamed).toBe(JSON.stringify({ ...e, body: items }));
      expect(JSON.parse(streamed).body).toEqual(items);
    }
  });

  it('is not confused by a request path that spells the marker', async () => {
    const url = '/resources.json\u0000tessera-streamed-body\u0000';
    const parsed = JSON.parse(await text(streamEnvelope(envelope(url), StreamedList.of([{ a: 1 }]))));
    expect(parsed.header.url).toBe(url);
    expect(parsed.body).toEqual([{ a: 1 }]);
  });

  it('lets the written items go', async () => {
    const items: unknown[] = Array.from({ length: 2001 }, (_, i) => ({ i }));
    await text(streamEnvelope(envelope('/r'), StreamedList.of(items)));
    expect(items.every((i) => i === undefined)).toBe(true);
  });

  it('writes items handed over a chunk at a time as they are made', async () => {
    async function* made() {
      yield [{ i: 0 }, { i: 1 }];
      yield [];
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield [{ i: 2 }];
    }
    const e = envelope('/resources.json');
    expect(await text(streamEnvelope(e, new StreamedList(made())))).toBe(JSON.stringify({ ...e, body: [{ i: 0 }, { i: 1 }, { i: 2 }] }));
  });

  it('takes every chunk as it comes, before the client reads anything', async () => {
    let taken = 0;
    async function* made() {
      for (let i = 0; i < 5; i++) { taken++; yield [{ i }]; }
    }
    const stream = streamEnvelope(envelope('/r'), new StreamedList(made()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(taken).toBe(5);
    expect(JSON.parse(await text(stream)).body).toHaveLength(5);
  });

  it('fails the stream when the items cannot be made, instead of ending a truncated list as if whole', async () => {
    async function* failing() {
      yield [{ i: 0 }];
      throw new Error('database went away');
    }
    await expect(text(streamEnvelope(envelope('/r'), new StreamedList(failing())))).rejects.toThrow('database went away');
  });
});
