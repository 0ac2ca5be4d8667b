import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RowSealer, SealError } from './row-sealer';

describe('RowSealer', () => {
  const key = randomBytes(32);

  it('round-trips text and bytes', () => {
    const sealer = new RowSealer(key);
    const blob = sealer.seal('héllo secret', 'resources', 'id-1');
    expect(blob.toString('latin1')).not.toContain('secret');
    expect(sealer.openString(blob, 'resources', 'id-1')).toBe('héllo secret');
    const bytes = Uint8Array.of(0, 1, 2, 255);
    expect([...sealer.open(sealer.seal(bytes, 't', 'i'), 't', 'i')]).toEqual([0, 1, 2, 255]);
  });

  it('uses a fresh IV each time (same input, different blobs)', () => {
    const sealer = new RowSealer(key);
    const a = sealer.seal('same', 't', 'i');
    const b = sealer.seal('same', 't', 'i');
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.length).toBe(1 + 12 + 16 + 4);
  });

  it('refuses a blob moved to another id or table, tampered, or opened with another key', () => {
    const sealer = new RowSealer(key);
    const blob = sealer.seal('value', 'resources', 'id-1');
    expect(() => sealer.open(blob, 'resources', 'id-2')).toThrow(SealError);
    expect(() => sealer.open(blob, 'users', 'id-1')).toThrow(SealError);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(() => sealer.open(tampered, 'resources', 'id-1')).toThrow(SealError);
    expect(() => new RowSealer(randomBytes(32)).open(blob, 'resources', 'id-1')).toThrow(SealError);
    expect(() => sealer.open(Buffer.alloc(5), 'resources', 'id-1')).toThrow(SealError);
    // The table/id encoding is unambiguous.
    const b2 = sealer.seal('v', 'a', 'b\u0000c');
    expect(() => sealer.open(b2, 'a\u0000b', 'c')).toThrow(SealError);
  });

  it('keeps its own copy of the key and zeroes it on wipe', () => {
    const mine = Buffer.from(key);
    const sealer = new RowSealer(mine);
    const blob = sealer.seal('x', 't', 'i');
    mine.fill(0); // the caller zeroing its buffer does not break the sealer
    expect(sealer.openString(blob, 't', 'i')).toBe('x');
    sealer.wipe();
    expect(sealer.isWiped).toBe(true);
    expect(() => sealer.seal('x', 't', 'i')).toThrow(SealError);
  });

  it('requires a 256-bit key', () => {
    expect(() => new RowSealer(randomBytes(16))).toThrow(RangeError);
  });
});
