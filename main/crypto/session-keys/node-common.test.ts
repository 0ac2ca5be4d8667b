import { createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ephemeralX25519, x25519PrivateKey, x25519PublicBytes, x25519PublicKey } from './node-common';

describe('X25519 keys', () => {
  it('gives a key pair whose public octets are those of its private key, fresh each time', () => {
    const a = ephemeralX25519();
    const b = ephemeralX25519();
    expect(a.publicBytes).toHaveLength(32);
    expect(a.publicBytes.equals(b.publicBytes)).toBe(false);
    expect(x25519PublicBytes(createPublicKey(a.privateKey)).equals(a.publicBytes)).toBe(true);
    // Both sides of an exchange agree, as a recipient unwrapping our PKESK must.
    const peer = generateKeyPairSync('x25519');
    const ours = diffieHellman({ privateKey: a.privateKey, publicKey: peer.publicKey });
    const theirs = diffieHellman({ privateKey: peer.privateKey, publicKey: x25519PublicKey(a.publicBytes) });
    expect(ours.equals(theirs)).toBe(true);
  });

  it('imports a known scalar with the RFC 7748 arithmetic (x25519PrivateKey, used to unwrap)', () => {
    const scalar = Buffer.from('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb', 'hex');
    expect(x25519PublicBytes(createPublicKey(x25519PrivateKey(scalar))).toString('hex'))
      .toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
  });
});
