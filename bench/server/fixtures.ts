// Test and benchmark fixtures for the resources/sharing/groups API: users with real OpenPGP keys seeded straight
// through the storage layer, a real JWT login over HTTP, a small JSON client, and secret encryption helpers.
import { randomUUID } from 'node:crypto';
import * as openpgp from 'openpgp';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/storage/schema';

export interface SeededUser {
  id: string;
  username: string;
  role: 'admin' | 'user';
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
}

const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A fresh curve25519 key pair (unprotected: it lives only in the test process). */
export async function makeKeyPair(email: string): Promise<{ privateKey: openpgp.PrivateKey; publicKey: openpgp.PublicKey }> {
  const k = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: email, email }], format: 'object' });
  return { privateKey: k.privateKey, publicKey: k.publicKey };
}

/** Inserts an active user with a profile and a public key, as setup would leave it. */
export async function seedUser(db: Kysely<Database>, options: { role?: 'admin' | 'user'; username?: string; active?: boolean;
  keys?: { privateKey: openpgp.PrivateKey; publicKey: openpgp.PublicKey } } = {}): Promise<SeededUser> {
  const role = options.role ?? 'user';
  const id = randomUUID();
  const username = options.username ?? `u-${id.slice(0, 8)}@example.com`;
  const keys = options.keys ?? await makeKeyPair(username);
  const roleRow = await db.selectFrom('roles').select('id').where('name', '=', role).executeTakeFirstOrThrow();
  const now = stamp();
  await db.insertInto('users').values({ id, role_id: roleRow.id, username, active: options.active === false ? 0 : 1, deleted: 0,
    disabled: null, locale: null, created: now, modified: now, last_logged_in: null }).execute();
  await db.insertInto('profiles').values({ id: randomUUID(), user_id: id, first_name: `First${id.slice(0, 4)}`,
    last_name: `Last${id.slice(0, 4)}`, created: now, modified: now }).execute();
  const fingerprint = keys.publicKey.getFingerprint().toUpperCase();
  await db.insertInto('gpgkeys').values({ id: randomUUID(), user_id: id, armored_key: keys.publicKey.armor(), fingerprint,
    key_id: fingerprint.slice(-16), bits: null, uid: `${username} <${username}>`, type: 'EdDSA',
    key_created: keys.publicKey.getCreationTime().toISOString().replace(/\.\d{3}Z$/, '+00:00'), expires: null, deleted: 0,
    created: now, modified: now }).execute();
  return { id, username, role, privateKey: keys.privateKey, publicKey: keys.publicKey };
}

/** Encrypts `text` to `to` and signs it with `signer`, as a Passbolt client writes a secret. */
export async function encryptFor(to: openpgp.PublicKey | openpgp.PublicKey[], text: string, signer?: openpgp.PrivateKey): Promise<string> {
  return openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: to, signingKeys: signer }) as Promise<string>;
}

export async function decryptWith(key: openpgp.PrivateKey, armored: string): Promise<string> {
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: key });
  return data as string;
}

export interface ApiAnswer<T = unknown> { status: number; body: T; header: Record<string, unknown>; raw: unknown }

/** A JSON client for one base URL and (optionally) one access token. */
export class JsonClient {
  constructor(readonly baseUrl: string, public token: string | null = null) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let raw: unknown = text;
    try { raw = JSON.parse(text); } catch { /* not JSON: kept as text for the assertion message */ }
    const env = raw as { header?: Record<string, unknown>; body?: T };
    return { status: res.status, body: env?.body as T, header: env?.header ?? {}, raw };
  }

  get<T = unknown>(path: string) { return this.call<T>('GET', path); }
  post<T = unknown>(path: string, body?: unknown) { return this.call<T>('POST', path, body); }
  put<T = unknown>(path: string, body?: unknown) { return this.call<T>('PUT', path, body); }
  delete<T = unknown>(path: string, body?: unknown) { return this.call<T>('DELETE', path, body); }
}

/** The Passbolt JWT login: a challenge encrypted to the server key and signed by the user, tokens back encrypted. */
export async function login(baseUrl: string, user: Pick<SeededUser, 'id' | 'privateKey'>): Promise<JsonClient> {
  const anon = new JsonClient(baseUrl);
  const verify = await anon.get<{ keydata: string }>('/auth/verify.json');
  const serverKey = await openpgp.readKey({ armoredKey: verify.body.keydata });
  const verifyToken = randomUUID();
  const challenge = JSON.stringify({ version: '1.0.0', domain: baseUrl, verify_token: verifyToken,
    verify_token_expiry: Math.floor(Date.now() / 1000) + 300 });
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: challenge }), encryptionKeys: serverKey,
    signingKeys: user.privateKey });
  const res = await anon.post<{ challenge: string }>('/auth/jwt/login.json', { user_id: user.id, challenge: armored });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.raw)}`);
  const opened = JSON.parse(await decryptWith(user.privateKey, res.body.challenge)) as { access_token: string; verify_token: string };
  if (opened.verify_token !== verifyToken) throw new Error('login answer does not echo the verify token');
  return new JsonClient(baseUrl, opened.access_token);
}

/** Adds a live group with the given members directly in storage. */
export async function seedGroup(db: Kysely<Database>, name: string, managers: string[], members: string[] = []): Promise<string> {
  const id = randomUUID();
  const now = stamp();
  await db.insertInto('groups').values({ id, name, deleted: 0, created: now, modified: now, created_by: managers[0]!, modified_by: managers[0]! }).execute();
  const rows = [...managers.map((u) => ({ u, a: 1 })), ...members.map((u) => ({ u, a: 0 }))]
    .map(({ u, a }) => ({ id: randomUUID(), group_id: id, user_id: u, is_admin: a, created: now }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('groups_users').values(rows.slice(i, i + 500)).execute();
  return id;
}
