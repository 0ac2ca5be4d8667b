// The Passbolt JWT login protocol (passbolt-api.md §2.2): a challenge encrypted to the server key and signed by
// the user, single-use verify tokens shared by all processes (used_verify_tokens), refresh tokens that work once
// and rotate within a family, and logout.
import { randomUUID } from 'node:crypto';
import * as openpgp from 'openpgp';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { JWT_LIFETIMES, type LoginChallengeAnswer } from '../../common/api/auth';
import type { Database } from '../storage/schema';
import type { ServerKey } from '../keys/server-key';
import { isoTimestamp, nowIso, type Clock } from '../util/clock';
import { BadRequestError, NotFoundError } from '../http/errors';
import { isUuid } from '../http/validation';
import { isUsableAccount } from '../http/auth-guard';
import type { AccessTokenService } from './access-token.service';

const MISSING = 'The authentication failed. The credentials are missing.';
const INVALID = 'The authentication failed. The credentials are invalid.';
const MAX_CHALLENGE_LENGTH = 65_536;

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

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly serverKey: ServerKey,
    private readonly tokens: AccessTokenService,
    private readonly publicUrl: () => string,
  ) {}

  private async userKey(userId: string): Promise<openpgp.PublicKey> {
    const user = await this.db.selectFrom('users').select(['id', 'active', 'deleted', 'disabled'])
      .where('id', '=', userId).executeTakeFirst();
    if (!user || !isUsableAccount(user, nowIso(this.clock))) throw new NotFoundError('The user does not exist or has been deleted.');
    const key = await this.db.selectFrom('gpgkeys').select('armored_key').where('user_id', '=', userId)
      .where('deleted', '=', 0).executeTakeFirst();
    if (!key) throw new NotFoundError('The user does not exist or has been deleted.');
    return openpgp.readKey({ armoredKey: key.armored_key });
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
    const userKey = await this.userKey(userId);
    const challenge = await this.openChallenge(input.challenge, userKey);
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
    if (!row) throw new BadRequestError('No active refresh token matching the request could be found.');
    const now = nowIso(this.clock);
    if (row.active !== 1) {
      // A consumed token presented again means it was copied: end the whole session it belongs to.
      await this.revokeFamily(row.family_id);
      throw new BadRequestError('The refresh token provided was already used.');
    }
    if (row.expires <= now) throw new BadRequestError('Expired refresh token provided.');
    const user = await this.db.selectFrom('users').select(['active', 'deleted', 'disabled']).where('id', '=', row.user_id)
      .executeTakeFirst();
    if (!user || !isUsableAccount(user, now)) {
      await this.revokeFamily(row.family_id);
      throw new BadRequestError('No active refresh token matching the request could be found.');
    }
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
