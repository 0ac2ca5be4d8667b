// AES-256-GCM sealing of small values under a 256-bit key (the account's device key), with associated data that
// binds each sealed value to where it belongs, so a sealed row moved to another table or id fails to open.
//
//   const sealer = new RowSealer(deviceKey);                       // 32-byte Buffer; copied, caller may zero its own
//   const blob = sealer.seal(JSON.stringify(record), 'resources', record.id);
//   const json = sealer.openString(blob, 'resources', record.id);  // SealError if tampered, moved or wrong key
//   sealer.wipe();                                                 // zeroes the key copy
//
// Blob layout: version (1 byte, 0x01) | IV (12 random bytes) | tag (16) | ciphertext. A fresh random 96-bit IV per
// seal is safe for far more values than a cache holds (NIST's 2^32 limit per key).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
export const DEVICE_KEY_BYTES = 32;

/** A sealed value could not be opened: wrong key, tampered, or bound to another table/id. */
export class SealError extends Error {
  constructor(message = 'A sealed value could not be opened (wrong device key, or the data was modified).') {
    super(message);
    this.name = 'SealError';
  }
}

function associatedData(table: string, id: string): Buffer {
  // NUL cannot appear in a table name we choose; length-prefixing the table keeps ("a","b\0c") != ("a\0b","c").
  return Buffer.from(`${table.length}:${table}\u0000${id}`, 'utf8');
}

export class RowSealer {
  #key: Buffer | null;

  constructor(key: Uint8Array) {
    if (key.length !== DEVICE_KEY_BYTES) throw new RangeError(`The device key must be ${DEVICE_KEY_BYTES} bytes.`);
    this.#key = Buffer.from(key); // our own copy, zeroed by wipe()
  }

  #k(): Buffer {
    if (!this.#key) throw new SealError('The sealer has been wiped.');
    return this.#key;
  }

  seal(plaintext: string | Uint8Array, table: string, id: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#k(), iv);
    cipher.setAAD(associatedData(table, id));
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    if (typeof plaintext === 'string') data.fill(0); // the UTF-8 copy is ours
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
  }

  /** Opens a blob; the returned Buffer is the caller's to zero. */
  open(blob: Uint8Array, table: string, id: string): Buffer {
    if (blob.length < HEADER_BYTES || blob[0] !== VERSION) throw new SealError('Not a sealed value of a known version.');
    const decipher = createDecipheriv('aes-256-gcm', this.#k(), blob.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(associatedData(table, id));
    decipher.setAuthTag(blob.subarray(1 + IV_BYTES, HEADER_BYTES));
    const plaintext = decipher.update(blob.subarray(HEADER_BYTES));
    try {
      decipher.final(); // checks the tag; GCM returns no further bytes
    } catch {
      plaintext.fill(0);
      throw new SealError();
    }
    return plaintext;
  }

  openString(blob: Uint8Array, table: string, id: string): string {
    const buf = this.open(blob, table, id);
    const text = buf.toString('utf8');
    buf.fill(0);
    return text;
  }

  get isWiped(): boolean {
    return this.#key === null;
  }

  wipe(): void {
    this.#key?.fill(0);
    this.#key = null;
  }
}
