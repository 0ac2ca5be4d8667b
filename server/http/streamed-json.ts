// Large lists answered as a stream: the envelope's JSON is written a chunk of items at a time instead of as one
// string. A whole list of 100,000 resources is ~80 MB of JSON; stringified at once it exists as the item objects,
// one 80 MB string and an 80 MB buffer of it, all alive together. Streamed, only the items and one chunk's text
// are, each chunk's items are let go once written, and the first bytes leave before the last are made.
import { Readable } from 'node:stream';
import type { ApiEnvelope } from '../../common/api/envelope';

/** A list body to stream (reply.success takes it where it takes an array). */
export class StreamedList {
  constructor(readonly items: unknown[]) {}
}

const ITEMS_PER_CHUNK = 1000;
// Stands for the body in the envelope's JSON. JSON.stringify escapes U+0000, so the marker's text cannot come from
// a stringified value; the body is the envelope's last member, so the last occurrence is the one.
const MARKER = '\u0000tessera-streamed-body\u0000';

function* chunksOf(prefix: string, items: unknown[], suffix: string): Generator<string> {
  yield `${prefix}[`;
  let written = false;
  for (let start = 0; start < items.length; start += ITEMS_PER_CHUNK) {
    const end = Math.min(items.length, start + ITEMS_PER_CHUNK);
    const text = JSON.stringify(items.slice(start, end)).slice(1, -1);
    items.fill(undefined, start, end); // written: the objects can go
    if (text === '') continue;
    yield written ? `,${text}` : text;
    written = true;
  }
  yield `]${suffix}`;
}

/** The envelope's JSON as a stream, its body being `list`'s items. Consumes the list (its items are cleared). */
export function streamEnvelope(envelope: ApiEnvelope, list: StreamedList): Readable {
  const text = JSON.stringify({ ...envelope, body: MARKER });
  const marker = JSON.stringify(MARKER);
  const at = text.lastIndexOf(marker);
  return Readable.from(chunksOf(text.slice(0, at), list.items, text.slice(at + marker.length)), { objectMode: false });
}
