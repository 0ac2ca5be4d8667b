// Splits a binary OpenPGP message into its top-level packets by reading packet headers only (RFC 9580 §4.2):
// no decryption, no parsing of packet contents beyond what the caller looks at. Both header formats are read,
// and partial body lengths are followed chunk by chunk without copying the body.

/** The packet tags a secret's checks name (RFC 9580 §5). */
export const TAG = {
  publicKeyEncryptedSessionKey: 1,
  signature: 2,
  symEncryptedSessionKey: 3,
  onePassSignature: 4,
  compressedData: 8,
  symmetricallyEncryptedData: 9,
  literalData: 11,
  symEncryptedIntegrityProtectedData: 18,
  aeadEncryptedData: 20,
} as const;

/** Only these packets may use partial body lengths (RFC 9580 §4.2.1.4). */
const MAY_BE_PARTIAL = new Set<number>([TAG.compressedData, TAG.symmetricallyEncryptedData, TAG.literalData,
  TAG.symEncryptedIntegrityProtectedData, TAG.aeadEncryptedData]);

export interface PacketFrame {
  tag: number;
  /** Length of the whole body, summed over its chunks when it has partial lengths. */
  length: number;
  /** The body when it is in one piece; with partial lengths, its first chunk (at least 512 octets). */
  head: Uint8Array;
}

/** The top-level packets of `bytes`, or null when their headers do not frame the data exactly. */
export function readPacketFrames(bytes: Uint8Array): PacketFrame[] | null {
  const frames: PacketFrame[] = [];
  let at = 0;
  while (at < bytes.length) {
    const first = bytes[at++]!;
    if ((first & 0x80) === 0) return null;
    let tag: number;
    let chunk: { length: number; partial: boolean; next: number } | null;
    if ((first & 0x40) !== 0) {
      tag = first & 0x3f;
      chunk = newFormatLength(bytes, at);
    } else {
      tag = (first >> 2) & 0x0f;
      chunk = oldFormatLength(bytes, at, first & 0x03);
    }
    if (tag === 0 || !chunk) return null;
    if (chunk.partial && (!MAY_BE_PARTIAL.has(tag) || chunk.length < 512)) return null;
    const headStart = chunk.next;
    const head = bytes.subarray(headStart, headStart + chunk.length);
    let length = chunk.length;
    at = chunk.next + chunk.length;
    while (chunk.partial) {
      chunk = newFormatLength(bytes, at);
      if (!chunk) return null;
      length += chunk.length;
      at = chunk.next + chunk.length;
    }
    if (at > bytes.length) return null;
    frames.push({ tag, length, head });
  }
  return frames;
}

function newFormatLength(bytes: Uint8Array, at: number): { length: number; partial: boolean; next: number } | null {
  const o1 = bytes[at];
  if (o1 === undefined) return null;
  if (o1 < 192) return { length: o1, partial: false, next: at + 1 };
  if (o1 < 224) {
    const o2 = bytes[at + 1];
    return o2 === undefined ? null : { length: ((o1 - 192) << 8) + o2 + 192, partial: false, next: at + 2 };
  }
  if (o1 < 255) return { length: 1 << (o1 & 0x1f), partial: true, next: at + 1 };
  if (at + 5 > bytes.length) return null;
  return { length: readUint32(bytes, at + 1), partial: false, next: at + 5 };
}

function oldFormatLength(bytes: Uint8Array, at: number, type: number): { length: number; partial: false; next: number } | null {
  if (type === 3) return { length: bytes.length - at, partial: false, next: at }; // to the end of the data
  const size = type === 0 ? 1 : type === 1 ? 2 : 4;
  if (at + size > bytes.length) return null;
  const length = size === 1 ? bytes[at]! : size === 2 ? (bytes[at]! << 8) | bytes[at + 1]! : readUint32(bytes, at);
  return { length, partial: false, next: at + size };
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}
