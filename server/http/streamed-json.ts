// Large lists answered as a stream: the envelope's JSON is written a chunk of items at a time instead of as one
// string. A whole list of 100,000 resources is ~80 MB of JSON; stringified at once it exists as the item objects,
// one 80 MB string and an 80 MB buffer of it, all alive together. Streamed, a list hands its items over a chunk at
// a time as it makes them, only that chunk's objects exist beside the text the client has not read yet, and the
// first bytes leave before the last are made.
import { Readable } from 'node:stream';
import type { ApiEnvelope } from '../../common/api/envelope';
import { takeChunks } from '../util/take-chunks';

type Chunks = Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>;

const ITEMS_PER_CHUNK = 1000;

/** A list body to stream (reply.success takes it where it takes an array): its items, a chunk at a time. */
export class StreamedList {
  constructor(readonly chunks: Chunks) {}

  /** Streams an array that exists whole; the array is consumed (its items are cleared as they are written). */
  static of(items: unknown[]): StreamedList {
    return new StreamedList(takeChunks(items, ITEMS_PER_CHUNK));
  }
}

// Stands for the body in the envelope's JSON. JSON.stringify escapes U+0000, so the marker's text cannot come from
// a stringified value; the body is the envelope's last member, so the last occurrence is the one.
const MARKER = '\u0000tessera-streamed-body\u0000';

async function* textOf(prefix: string, chunks: Chunks, suffix: string): AsyncGenerator<string> {
  yield `${prefix}[`;
  let written = false;
  for await (const chunk of chunks) {
    const text = JSON.stringify(chunk).slice(1, -1);
    if (text === '') continue;
    yield written ? `,${text}` : text;
    written = true;
  }
  yield `]${suffix}`;
}

/**
 * The envelope's JSON as a stream, its body being `list`'s items. The items are turned into text as fast as they
 * come rather than as fast as the client reads: the text of a slow client's answer waits in the stream (one copy of
 * it), while what the items are made from (rows read from the database) is let go as soon as it can be.
 */
export function streamEnvelope(envelope: ApiEnvelope, list: StreamedList): Readable {
  const text = JSON.stringify({ ...envelope, body: MARKER });
  const marker = JSON.stringify(MARKER);
  const at = text.lastIndexOf(marker);
  const out = new Readable({ read: () => undefined });
  void (async () => {
    try {
      for await (const part of textOf(text.slice(0, at), list.chunks, text.slice(at + marker.length))) {
        if (out.destroyed) return;
        out.push(part);
      }
      out.push(null);
    } catch (error) {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return out;
}
