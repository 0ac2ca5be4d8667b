import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignJWT, exportJWK } from 'jose';
import { AccessTokenService } from './access-token.service';
import { generateJwtPem, type JwtKeys } from '../keys/jwt-keys';

async function keys(): Promise<JwtKeys> {
  const pem = await generateJwtPem(2048);
  const privateKey = createPrivateKey(pem.privatePem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: pem.publicPem, jwk: await exportJWK(publicKey) };
}

describe('AccessTokenService', () => {
  it('issues RS256 tokens that expire after five minutes, also when the verification is remembered', async () => {
    let now = Date.UTC(2026, 0, 1);
    const clock = { nowMs: () => now };
    const service = new AccessTokenService(await keys(), clock, () => 'https://tessera.example/');
    const claims = { userId: randomUUID(), sessionId: randomUUID() };
    const token = await service.issue(claims);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    expect(await service.verify(token)).toEqual(claims);
    now += 299_000;
    expect(await service.verify(token)).toEqual(claims);
    now += 1_000;
    expect(await service.verify(token)).toBeNull();
    // A fresh service (nothing remembered) agrees.
    const fresh = new AccessTokenService((service as unknown as { keys: JwtKeys }).keys, clock, () => 'https://tessera.example/');
    expect(await fresh.verify(token)).toBeNull();
  });

  it('refuses another issuer, another key, and tokens without a session', async () => {
    const clock = { nowMs: () => Date.now() };
    const k = await keys();
    const service = new AccessTokenService(k, clock, () => 'https://tessera.example/');
    const other = new AccessTokenService(k, clock, () => 'https://elsewhere.example/');
    const token = await other.issue({ userId: randomUUID(), sessionId: randomUUID() });
    expect(await service.verify(token)).toBeNull();
    const foreign = new AccessTokenService(await keys(), clock, () => 'https://tessera.example/');
    expect(await service.verify(await foreign.issue({ userId: randomUUID(), sessionId: randomUUID() }))).toBeNull();
    const noSid = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://tessera.example/')
      .setSubject(randomUUID()).setExpirationTime('5m').sign(k.privateKey);
    expect(await service.verify(noSid)).toBeNull();
  });
});
