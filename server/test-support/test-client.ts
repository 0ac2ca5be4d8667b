// A Passbolt API client for tests, with a real OpenPGP key: it completes setup from a setup link, logs in with
// the JWT protocol (encrypting and signing the challenge, decrypting and verifying the answer, checking the
// echoed verify_token), refreshes (reading the rotated token from Set-Cookie) and logs out.
//
//   const alice = new TestClient(server.url);
//   await alice.completeSetup(link);         // generates a key unless one is given
//   await alice.login();
//   const res = await alice.get('/users/me.json');   // { status, header, body, headers }
import { randomUUID } from 'node:crypto';
import * as openpgp from 'openpgp';
import type { ApiHeader } from '../../common/api/envelope';
import type { LoginChallenge, LoginChallengeAnswer } from '../../common/api/auth';

export interface ApiResponse<T = unknown> {
  status: number;
  header: ApiHeader;
  body: T;
  headers: Headers;
  /** The raw response text (for answers that are not in the envelope). */
  text: string;
}

export interface KeyPair {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
  armoredPublic: string;
}

export async function generateKeyPair(name = 'Test User', email = `user-${randomUUID()}@example.com`): Promise<KeyPair> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name, email }], format: 'object',
  });
  const publicKey = privateKey.toPublic();
  return { privateKey, publicKey, armoredPublic: publicKey.armor() };
}

/** `{url}/setup/start/{userId}/{token}` -> its parts. */
export function parseSetupLink(link: string): { userId: string; token: string; recover: boolean } {
  const m = /\/setup\/(recover\/)?start\/([0-9a-f-]{36})\/([0-9a-f-]{36})/i.exec(link);
  if (!m) throw new Error(`not a setup link: ${link}`);
  return { recover: m[1] !== undefined, userId: m[2]!, token: m[3]! };
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Send the access token (default true when logged in). */
  auth?: boolean;
  /** Send this exact body text instead of JSON.stringify(body). */
  rawBody?: string;
}

export class TestClient {
  userId: string | null = null;
  keys: KeyPair | null = null;
  accessToken: string | null = null;
  refreshToken: string | null = null;
  serverKey: openpgp.PublicKey | null = null;
  /** The login domain (the server's --url); defaults to baseUrl. */
  domain: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if ((options.auth ?? true) && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    let parsed: { header?: ApiHeader; body?: T } = {};
    try { parsed = JSON.parse(text) as typeof parsed; } catch { /* not JSON: header stays undefined */ }
    return { status: res.status, header: parsed.header as ApiHeader, body: parsed.body as T, headers: res.headers, text };
  }

  get<T = unknown>(path: string, options?: RequestOptions) { return this.request<T>('GET', path, undefined, options); }
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions) { return this.request<T>('POST', path, body, options); }
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions) { return this.request<T>('PUT', path, body, options); }
  delete<T = unknown>(path: string, body?: unknown, options?: RequestOptions) { return this.request<T>('DELETE', path, body, options); }

  /** Completes setup (or recovery) from the link a user receives; keeps the key pair for login. */
  async completeSetup(link: string, keys?: KeyPair): Promise<ApiResponse> {
    const { userId, token, recover } = parseSetupLink(link);
    const kind = recover ? 'setup/recover' : 'setup';
    const start = await this.get(`/${kind}/start/${userId}/${token}.json`, { auth: false });
    if (start.status !== 200) throw new Error(`setup start failed: ${start.status} ${start.header?.message}`);
    const pair = keys ?? this.keys ?? await generateKeyPair();
    const res = await this.post(`/${kind}/complete/${userId}.json`,
      { authentication_token: { token }, gpgkey: { armored_key: pair.armoredPublic } }, { auth: false });
    if (res.status !== 200) throw new Error(`setup complete failed: ${res.status} ${res.header?.message} ${JSON.stringify(res.body)}`);
    this.userId = userId;
    this.keys = pair;
    return res;
  }

  async fetchServerKey(): Promise<openpgp.PublicKey> {
    if (!this.serverKey) {
      const res = await this.get<{ keydata: string }>('/auth/verify.json', { auth: false });
      this.serverKey = await openpgp.readKey({ armoredKey: res.body.keydata });
    }
    return this.serverKey;
  }

  /** Builds a login challenge; `override` lets tests forge bad ones (wrong domain, expiry, replayed token). */
  async buildChallenge(override: Partial<LoginChallenge> = {}, signWith?: openpgp.PrivateKey): Promise<{ armored: string; challenge: LoginChallenge }> {
    if (!this.keys) throw new Error('no key: complete setup first');
    const challenge: LoginChallenge = {
      version: '1.0.0', domain: this.domain ?? this.baseUrl, verify_token: randomUUID(),
      verify_token_expiry: Math.floor(Date.now() / 1000) + 120, ...override,
    };
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: JSON.stringify(challenge) }),
      encryptionKeys: await this.fetchServerKey(), signingKeys: signWith ?? this.keys.privateKey,
    });
    return { armored: armored as string, challenge };
  }

  /** Sends a login challenge; returns the raw response (for tests of refused logins). */
  async loginWith(armored: string, userId = this.userId): Promise<ApiResponse<{ challenge: string }>> {
    return this.post<{ challenge: string }>('/auth/jwt/login.json', { user_id: userId, challenge: armored }, { auth: false });
  }

  /** Full JWT login; throws unless the server's answer decrypts, verifies and echoes our verify_token. */
  async login(): Promise<LoginChallengeAnswer> {
    const { armored, challenge } = await this.buildChallenge();
    const res = await this.loginWith(armored);
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.header?.message}`);
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: res.body.challenge }),
      decryptionKeys: this.keys!.privateKey, verificationKeys: await this.fetchServerKey(), expectSigned: true,
    });
    const answer = JSON.parse(data as string) as LoginChallengeAnswer;
    if (answer.verify_token !== challenge.verify_token) throw new Error('the server did not echo our verify_token');
    this.accessToken = answer.access_token;
    this.refreshToken = answer.refresh_token;
    return answer;
  }

  /** Refreshes the access token; the rotated refresh token is read from Set-Cookie. */
  async refresh(token = this.refreshToken): Promise<ApiResponse<{ access_token: string }>> {
    const res = await this.post<{ access_token: string }>('/auth/jwt/refresh.json',
      { user_id: this.userId, refresh_token: token }, { auth: false });
    if (res.status === 200) {
      this.accessToken = res.body.access_token;
      const cookie = /refresh_token=([0-9a-f-]{36})/i.exec(res.headers.get('set-cookie') ?? '');
      if (!cookie) throw new Error('refresh answered without a refresh_token cookie');
      this.refreshToken = cookie[1]!;
    }
    return res;
  }

  async logout(body?: { refresh_token?: string }): Promise<ApiResponse> {
    return this.post('/auth/jwt/logout.json', body ?? {});
  }
}
