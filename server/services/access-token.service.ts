// Issues and verifies the RS256 access tokens. Only RS256 with our own public key is accepted: the algorithm
// allowlist is explicit so `alg:none` and HS256-signed-with-the-public-key (PBL-06-008) are refused by jose.
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { JWT_LIFETIMES } from '../../common/api/auth';
import type { JwtKeys } from '../keys/jwt-keys';
import type { Clock } from '../util/clock';
import { isUuid } from '../http/validation';

export interface AccessTokenClaims {
  userId: string;
  /** The refresh-token family this access token belongs to: logging out of the session revokes it. */
  sessionId: string;
}

/** Verified tokens remembered per process, so a busy client does not pay an RSA verification per request. */
const VERIFIED_CACHE_SIZE = 10_000;

export class AccessTokenService {
  private readonly verified = new Map<string, AccessTokenClaims & { exp: number }>();

  constructor(
    private readonly keys: JwtKeys,
    private readonly clock: Clock,
    private readonly issuer: () => string,
    private readonly lifetimeSeconds: number = JWT_LIFETIMES.accessTokenSeconds,
  ) {}

  async issue(claims: AccessTokenClaims): Promise<string> {
    const now = Math.floor(this.clock.nowMs() / 1000);
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(this.issuer())
      .setSubject(claims.userId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
  }

  /** Returns null for any token that is not one of ours and unexpired; the reason is never shown to the caller. */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    const nowS = Math.floor(this.clock.nowMs() / 1000);
    // Only tokens whose signature was verified are remembered, keyed by their exact text; expiry is rechecked.
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > nowS) return { userId: known.userId, sessionId: known.sessionId };
      this.verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        algorithms: ['RS256'],
        issuer: this.issuer(),
        requiredClaims: ['exp', 'sub', 'sid'],
        currentDate: new Date(this.clock.nowMs()),
        clockTolerance: 0,
      });
      if (!isUuid(payload.sub) || !isUuid(payload.sid) || typeof payload.exp !== 'number') return null;
      this.remember(token, { userId: payload.sub, sessionId: payload.sid, exp: payload.exp });
      return { userId: payload.sub, sessionId: payload.sid };
    } catch {
      return null;
    }
  }

  private remember(token: string, entry: AccessTokenClaims & { exp: number }): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Map keeps insertion order: drop the oldest entry.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, entry);
  }
}
