// The Passbolt JWT protocol, client side. OpenPGP is injected
// (`ChallengeCrypto`) because this layer imports nothing but common/: the services pass the unlocked key.
import { randomUUID } from 'node:crypto';
import { ApiBadResponseError } from './api-errors';
import type { HttpClient } from './http-client';
import { challengeResponseSchema, refreshResponseSchema, serverKeySchema } from './schemas';

export interface ServerKey {
  /** As the server states it; callers compute their own from `armoredKey` before trusting it. */
  fingerprint: string;
  armoredKey: string;
  /** Server clock (unix seconds) when it answered, used to date the challenge despite client clock skew. */
  serverTime: number | undefined;
}

/** The two OpenPGP operations the login needs, done with the user's unlocked private key. */
export interface ChallengeCrypto {
  /** Encrypts `cleartext` to the server key and signs it with the user's key; returns an armored message. */
  encryptForServer(cleartext: string, serverArmoredKey: string): Promise<string>;
  /** Decrypts with the user's key and verifies the server's signature; throws if either fails. */
  decryptFromServer(armoredMessage: string, serverArmoredKey: string): Promise<string>;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface LoginResult extends Tokens {
  /** MFA providers the server requires before the token is fully usable (e.g. ["totp"]). */
  mfaProviders: string[];
}

/** Lifetime of our challenge: the server accepts up to one hour; a short window limits replay. */
const CHALLENGE_LIFETIME_S = 120;

export class AuthApi {
  constructor(private readonly http: HttpClient) {}

  async getServerKey(): Promise<ServerKey> {
    const res = await this.http.get('/auth/verify', { auth: false, schema: serverKeySchema });
    return { fingerprint: res.body.fingerprint, armoredKey: res.body.keydata, serverTime: res.header.servertime };
  }

  async login(userId: string, serverKey: ServerKey, crypto: ChallengeCrypto): Promise<LoginResult> {
    const now = serverKey.serverTime ?? Math.floor(Date.now() / 1000);
    const verifyToken = randomUUID();
    const challenge = JSON.stringify({
      version: '1.0.0',
      domain: this.http.baseUrl,
      verify_token: verifyToken,
      verify_token_expiry: now + CHALLENGE_LIFETIME_S,
    });
    const armored = await crypto.encryptForServer(challenge, serverKey.armoredKey);
    const res = await this.http.post('/auth/jwt/login', {
      auth: false,
      body: { user_id: userId, challenge: armored },
      schema: challengeResponseSchema,
    });
    const url = this.http.url('/auth/jwt/login');
    const clear = await crypto.decryptFromServer(res.body.challenge, serverKey.armoredKey);
    return parseLoginAnswer(clear, verifyToken, this.http.baseUrl, url);
  }

  /** Each refresh token works once; the rotated one comes back only in `Set-Cookie: refresh_token=…`. */
  async refresh(userId: string, refreshToken: string): Promise<Tokens> {
    const res = await this.http.post('/auth/jwt/refresh', {
      auth: false,
      body: { user_id: userId, refresh_token: refreshToken },
      schema: refreshResponseSchema,
    });
    const rotated = readCookie(res.setCookies, 'refresh_token');
    if (!rotated) throw new ApiBadResponseError(this.http.url('/auth/jwt/refresh'), 'no rotated refresh_token cookie');
    return { accessToken: res.body.access_token, refreshToken: rotated };
  }

  /** Revokes `refreshToken` on the server (sent with the bearer token of the session). */
  async logout(refreshToken: string | undefined): Promise<void> {
    await this.http.post('/auth/jwt/logout', { body: refreshToken ? { refresh_token: refreshToken } : {} });
  }
}

function parseLoginAnswer(clear: string, verifyToken: string, baseUrl: string, url: string): LoginResult {
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(clear) as Record<string, unknown>;
  } catch {
    throw new ApiBadResponseError(url, 'the login answer is not JSON');
  }
  if (answer.version !== '1.0.0') throw new ApiBadResponseError(url, 'unknown login answer version');
  if (typeof answer.domain !== 'string' || answer.domain.replace(/\/+$/, '') !== baseUrl.replace(/\/+$/, '')) {
    throw new ApiBadResponseError(url, 'the login answer names another server');
  }
  if (answer.verify_token !== verifyToken) throw new ApiBadResponseError(url, 'the login answer does not echo our challenge');
  if (typeof answer.access_token !== 'string' || typeof answer.refresh_token !== 'string') {
    throw new ApiBadResponseError(url, 'the login answer has no tokens');
  }
  const providers = Array.isArray(answer.providers) ? answer.providers.filter((p): p is string => typeof p === 'string') : [];
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token, mfaProviders: providers };
}

/** Finds `name=value` among raw Set-Cookie header values. */
export function readCookie(setCookies: readonly string[], name: string): string | undefined {
  for (const header of setCookies) {
    const first = header.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0 && first.slice(0, eq).trim() === name) return decodeURIComponent(first.slice(eq + 1).trim());
  }
  return undefined;
}
