// The Passbolt JWT login protocol: a challenge encrypted to the server key and signed by
// the user, single-use verify tokens shared by all processes (used_verify_tokens), refresh tokens that work once
// and rotate within a family, and logout.
//
// Login and refresh tell no one which accounts exist: an unknown, deleted, disabled or not yet set up user gets
// the answer of a known user with a wrong proof, after the same work. At login that work is one query, a cache
// lookup of the parsed public key and opening the challenge; for a user who cannot log in, the key is a decoy
// made at start, which no challenge can be signed for. Parsed keys are cached because parsing costs differ by
// key type (a v4 X25519 key took twice as long as a legacy curve25519 one), which a decoy of one type would show.
import { randomUUID } from 'node:crypto';
import * as openpgp from 'openpgp';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { JWT_LIFETIMES, type LoginChallengeAnswer } from '../../common/api/auth';
import type { Database } from '../storage/schema';
import type { ServerKey } from '../keys/server-key';
import { isoTimestamp, nowIso, type Clock } from '../util/clock';
import { BadRequestError } from '../http/errors';
import { isUuid } from '../http/validation';
import { isUsableAccount } from '../http/auth-guard';
import { armoredKeyDigest } from '../crypto/secret-message';
import { BoundedCache } from '../util/bounded-cache';
import type { AccessTokenService } from './access-token.service';

const MISSING = 'The authentication failed. The credentials are missing.';
const INVALID = 'The authentication failed. The credentials are invalid.';
const MAX_CHALLENGE_LENGTH = 65_536;
/** Enough for every account of a large team; beyond it the oldest parsed key is parsed again when next needed. */
const PARSED_KEY_CACHE_SIZE = 10_000;
const NO_REFRESH_TOKEN = 'No active refresh token matching the request could be found.';

const challengeSchema = z.object({
  version: z.literal('1.0.0'),
  domain: z.string().max(2048),
  verify_token: z.string(),
  verify_token_expiry: z.union([z.number(), z.string().regex(/^\d{1,12}$/)]).transform(Number),
});

export interface LoginResult {
  /** The armored answer (encrypted to the user, signed by the server). */
  challenge: string;
  refreshToken: string;
}

export interface RefreshResult {
  accessToken: string;
  refreshToken: string;
}

export class JwtAuthService {
  private lastCleanup = 0;
  /** The armored public key of a throwaway key pair, standing in for the key of a user who cannot log in. */
  private readonly decoyKey: Promise<string>;
  /** Parsed public keys by the digest of their armored text (a changed key is a new entry). */
  private readonly parsedKeys = new BoundedCache<string, openpgp.PublicKey>(PARSED_KEY_CACHE_SIZE);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly serverKey: ServerKey,
    private readonly tokens: AccessTokenService,
    private readonly publicUrl: () => string,
  ) {
    // The type Tessera's app and server generate, so parsing the decoy costs what parsing a usual user key does.
    this.decoyKey = openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'decoy' }], format: 'object' })
      .then(({ publicKey }) => publicKey.armor());
  }

  /**
   * The armored key of a user who may log in, or null. The query answers one row of the same shape whether or
   * not the user exists: a probe row left-joined to the user and their key, the decoy's text standing in for a
   * missing key. On PostgreSQL an empty result came back about 0.1 ms sooner than a row with a key.
   */
  private async loginKey(userId: string, decoy: string): Promise<string | null> {
    const { rows } = await sql<{ active: number | null; deleted: number | null; disabled: string | null; key_id: string | null; armored_key: string }>`
      SELECT u.active, u.deleted, u.disabled, k.id AS key_id, COALESCE(k.armored_key, ${decoy}) AS armored_key
      FROM (SELECT 1 AS one) AS probe
      LEFT JOIN users u ON u.id = ${userId}
      LEFT JOIN gpgkeys k ON k.user_id = u.id AND k.deleted = 0
      ORDER BY k.created DESC LIMIT 1`.execute(this.db);
    const row = rows[0];
    if (!row || row.active === null || row.deleted === null || row.key_id === null) return null;
    return isUsableAccount({ active: row.active, deleted: row.deleted, disabled: row.disabled }, nowIso(this.clock)) ? row.armored_key : null;
  }

  /** The parsed key, from the cache when this process has read it before; the decoy goes the same way. */
  private async readUserKey(armoredKey: string): Promise<openpgp.PublicKey> {
    const digest = armoredKeyDigest(armoredKey);
    const cached = this.parsedKeys.get(digest);
    if (cached) return cached;
    let key: openpgp.PublicKey;
    try {
      key = await openpgp.readKey({ armoredKey });
    } catch {
      // A stored key that no longer parses cannot verify a challenge: the login fails like any wrong proof.
      throw new BadRequestError(INVALID);
    }
    this.parsedKeys.set(digest, key);
    return key;
  }

  private async openChallenge(armored: string, userKey: openpgp.PublicKey): Promise<z.output<typeof challengeSchema>> {
    try {
      const message = await openpgp.readMessage({ armoredMessage: armored });
      const { data } = await openpgp.decrypt({
        message, decryptionKeys: this.serverKey.privateKey, verificationKeys: userKey, expectSigned: true, format: 'utf8',
      });
      return challengeSchema.parse(JSON.parse(data as string));
    } catch {
      throw new BadRequestError(INVALID);
    }
  }

  private checkChallenge(c: z.output<typeof challengeSchema>): void {
    const nowS = Math.floor(this.clock.nowMs() / 1000);
    const domainOk = c.domain.replace(/\/+$/, '') === this.publicUrl().replace(/\/+$/, '');
    const expiryOk = Number.isFinite(c.verify_token_expiry) && c.verify_token_expiry >= nowS
      && c.verify_token_expiry <= nowS + JWT_LIFETIMES.verifyTokenSeconds;
    if (!domainOk || !expiryOk || !isUuid(c.verify_token)) throw new BadRequestError(INVALID);
  }

  /** Records the verify token; false when this user already used it (a replay), on any process. */
  private async consumeVerifyToken(userId: string, token: string, expiry: number): Promise<boolean> {
    const now = nowIso(this.clock);
    const result = await this.db.insertInto('used_verify_tokens')
      .values({ user_id: userId, token, expires: isoTimestamp(expiry * 1000), created: now })
      .onConflict((oc) => oc.columns(['user_id', 'token']).doNothing()).executeTakeFirst();
    await this.cleanup(now);
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  private async cleanup(now: string): Promise<void> {
    const nowMs = this.clock.nowMs();
    if (nowMs - this.lastCleanup < 60_000) return;
    this.lastCleanup = nowMs;
    // A used token past its expiry can no longer be replayed: the expiry check refuses it first.
    await this.db.deleteFrom('used_verify_tokens').where('expires', '<', now).execute();
  }

  private async createRefreshToken(userId: string, familyId: string): Promise<string> {
    const now = this.clock.nowMs();
    const token = randomUUID();
    await this.db.insertInto('refresh_tokens').values({
      id: randomUUID(), user_id: userId, token, family_id: familyId, active: 1,
      expires: isoTimestamp(now + JWT_LIFETIMES.refreshTokenSeconds * 1000), created: isoTimestamp(now), modified: isoTimestamp(now),
    }).execute();
    return token;
  }

  async login(body: unknown): Promise<LoginResult> {
    const input = (body ?? {}) as { user_id?: unknown; challenge?: unknown };
    if (typeof input !== 'object' || typeof input.user_id !== 'string' || typeof input.challenge !== 'string'
      || input.challenge.length === 0) {
      throw new BadRequestError(MISSING);
    }
    if (!isUuid(input.user_id) || input.challenge.length > MAX_CHALLENGE_LENGTH) throw new BadRequestError(INVALID);
    const userId = input.user_id;
    const decoy = await this.decoyKey;
    const armoredKey = await this.loginKey(userId, decoy);
    const userKey = await this.readUserKey(armoredKey ?? decoy);
    const challenge = await this.openChallenge(input.challenge, userKey);
    // Nobody can sign for the decoy; refusing here as well keeps that from being the only guard.
    if (armoredKey === null) throw new BadRequestError(INVALID);
    this.checkChallenge(challenge);
    if (!(await this.consumeVerifyToken(userId, challenge.verify_token, challenge.verify_token_expiry))) {
      throw new BadRequestError(INVALID);
    }
    const familyId = randomUUID();
    const refreshToken = await this.createRefreshToken(userId, familyId);
    const accessToken = await this.tokens.issue({ userId, sessionId: familyId });
    await this.db.updateTable('users').set({ last_logged_in: nowIso(this.clock) }).where('id', '=', userId).execute();
    const answer: LoginChallengeAnswer = {
      version: '1.0.0', domain: `${this.publicUrl()}/`, access_token: accessToken, refresh_token: refreshToken,
      verify_token: challenge.verify_token,
    };
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: JSON.stringify(answer), format: 'utf8' }),
      encryptionKeys: userKey, signingKeys: this.serverKey.privateKey,
    });
    return { challenge: armored as string, refreshToken };
  }

  async refresh(userIdInput: unknown, tokenInput: unknown): Promise<RefreshResult> {
    if (!isUuid(tokenInput)) throw new BadRequestError('The refresh token should be a valid UUID.');
    if (!isUuid(userIdInput)) throw new BadRequestError('The user identifier should be a valid UUID.');
    const row = await this.db.selectFrom('refresh_tokens').selectAll()
      .where('token', '=', tokenInput).where('user_id', '=', userIdInput).executeTakeFirst();
    if (!row) throw new BadRequestError(NO_REFRESH_TOKEN);
    const now = nowIso(this.clock);
    // The account is judged before the token's state: a deleted or disabled user's old token, used or expired,
    // gets the answer of a token that never existed, so it does not confirm that the account did.
    const user = await this.db.selectFrom('users').select(['active', 'deleted', 'disabled']).where('id', '=', row.user_id)
      .executeTakeFirst();
    if (!user || !isUsableAccount(user, now)) {
      await this.revokeFamily(row.family_id);
      throw new BadRequestError(NO_REFRESH_TOKEN);
    }
    if (row.active !== 1) {
      // A consumed token presented again means it was copied: end the whole session it belongs to.
      await this.revokeFamily(row.family_id);
      throw new BadRequestError('The refresh token provided was already used.');
    }
    if (row.expires <= now) throw new BadRequestError('Expired refresh token provided.');
    const consumed = await this.db.updateTable('refresh_tokens').set({ active: 0, modified: now })
      .where('id', '=', row.id).where('active', '=', 1).executeTakeFirst();
    if (consumed.numUpdatedRows !== 1n) {
      // Another request consumed it between our read and our write: the same token was used twice.
      await this.revokeFamily(row.family_id);
      throw new BadRequestError('The refresh token provided was already used.');
    }
    const refreshToken = await this.createRefreshToken(row.user_id, row.family_id);
    const accessToken = await this.tokens.issue({ userId: row.user_id, sessionId: row.family_id });
    return { accessToken, refreshToken };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ active: 0, modified: nowIso(this.clock) })
      .where('family_id', '=', familyId).where('active', '=', 1).execute();
  }

  /** With a refresh token, ends that token's session; without one, every session of the user. */
  async logout(userId: string, refreshToken: unknown): Promise<void> {
    const now = nowIso(this.clock);
    if (refreshToken === undefined || refreshToken === null) {
      await this.db.updateTable('refresh_tokens').set({ active: 0, modified: now }).where('user_id', '=', userId)
        .where('active', '=', 1).execute();
      return;
    }
    if (!isUuid(refreshToken)) throw new BadRequestError('The refresh token should be a valid UUID.');
    const row = await this.db.selectFrom('refresh_tokens').select('family_id').where('token', '=', refreshToken)
      .where('user_id', '=', userId).executeTakeFirst();
    if (row) await this.revokeFamily(row.family_id);
  }
}
