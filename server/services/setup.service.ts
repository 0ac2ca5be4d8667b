// Account setup (first key registration) and recovery (proving possession of the registered key again),
// both driven by a one-time token mailed to the user.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { UserDto } from '../../common/api/user';
import type { UserPassphrasePoliciesDto } from '../../common/api/policies';
import type { Database, UsersTable } from '../storage/schema';
import { isoTimestamp, nowIso, type Clock } from '../util/clock';
import { BadRequestError } from '../http/errors';
import { parseBody, zUuid } from '../http/validation';
import { isUsableAccount } from '../http/auth-guard';
import { fingerprintTakenByOther, inspectPublicKey, MAX_ARMORED_KEY_LENGTH, refuseTakenKey } from './gpgkey-intake.service';
import type { UserDtoBuilder } from './user-dto';
import { isUniqueViolation } from '../storage/unique-violation';

export type TokenType = 'register' | 'recover';

/** Passbolt: register and recover tokens live 10 days. */
export const SETUP_TOKEN_LIFETIME_MS = 10 * 24 * 3600 * 1000;

const completeSchema = z.object({
  authentication_token: z.object({ token: zUuid('The authentication token should be a valid UUID.') }).optional(),
  // Older clients send `authenticationtoken`.
  authenticationtoken: z.object({ token: zUuid('The authentication token should be a valid UUID.') }).optional(),
  gpgkey: z.object({
    armored_key: z.string({ error: 'An OpenPGP public key is required.' }).min(1, { error: 'An OpenPGP public key is required.' })
      .max(MAX_ARMORED_KEY_LENGTH, { error: 'The OpenPGP key is too long.' }),
  }),
  locale: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, { error: 'The locale is not supported.' }).optional(),
});

const abortSchema = z.object({
  authentication_token: z.object({ token: zUuid('The authentication token should be a valid UUID.') }),
});

export interface SetupStart {
  user: UserDto;
  user_passphrase_policy: UserPassphrasePoliciesDto;
}

const INVALID_TOKEN = 'The authentication token is not valid or has expired.';

export class SetupService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly users: UserDtoBuilder,
    private readonly passphrasePolicy: () => Promise<UserPassphrasePoliciesDto>,
    /**
     * Runs inside the transaction that stores a user's key (register) or proves it again (recover): records
     * the key's encryption key ids (recipient_key_ids), so sharing with this user never parses the key while
     * answering a share (the first share to 1,000 new users otherwise spent about a second on that).
     */
    private readonly keyRegistered: (userId: string, q: Kysely<Database>) => Promise<void> = async () => undefined,
  ) {}

  /**
   * The user and the token row when `token` is an active, unexpired token of this type for a user in a state
   * to use it (not yet set up for register, usable for recover). Every other case, an unknown or deleted user
   * included, is the same 400 after the same single query, so these guest routes tell no one which accounts exist.
   */
  private async redeemable(userId: string, token: string, type: TokenType): Promise<{ user: Selectable<UsersTable>; tokenId: string }> {
    const row = await this.db.selectFrom('authentication_tokens')
      .innerJoin('users', 'users.id', 'authentication_tokens.user_id')
      .selectAll('users').select(['authentication_tokens.id as token_id', 'authentication_tokens.created as token_created'])
      .where('authentication_tokens.token', '=', token).where('authentication_tokens.user_id', '=', userId)
      .where('authentication_tokens.type', '=', type).where('authentication_tokens.active', '=', 1)
      .executeTakeFirst();
    const now = nowIso(this.clock);
    if (!row || row.token_created < isoTimestamp(this.clock.nowMs() - SETUP_TOKEN_LIFETIME_MS)) throw new BadRequestError(INVALID_TOKEN);
    const { token_id: tokenId, token_created: _created, ...user } = row;
    const inState = user.deleted === 0 && (type === 'register' ? user.active === 0 : isUsableAccount(user, now));
    if (!inState) throw new BadRequestError(INVALID_TOKEN);
    return { user, tokenId };
  }

  async start(userId: string, token: string, type: TokenType): Promise<SetupStart> {
    const { user } = await this.redeemable(userId, token, type);
    return {
      user: await this.users.buildOne(user, { profile: true, role: true, gpgkey: type === 'recover', groups_users: false }),
      user_passphrase_policy: await this.passphrasePolicy(),
    };
  }

  async complete(userId: string, body: unknown, type: TokenType): Promise<UserDto> {
    const input = parseBody(completeSchema, body, 'Could not validate the setup data.');
    const token = (input.authentication_token ?? input.authenticationtoken)?.token;
    if (!token) throw new BadRequestError('An authentication token should be provided.');
    const { user, tokenId } = await this.redeemable(userId, token, type);
    const facts = await inspectPublicKey(input.gpgkey.armored_key, this.clock);
    if (type === 'recover') {
      const current = await this.db.selectFrom('gpgkeys').select('fingerprint').where('user_id', '=', userId)
        .where('deleted', '=', 0).executeTakeFirst();
      if (current?.fingerprint !== facts.fingerprint) throw new BadRequestError('The key provided does not belong to given user.');
    } else if (await fingerprintTakenByOther(this.db, facts.fingerprint, userId)) {
      refuseTakenKey();
    }
    const now = nowIso(this.clock);
    await this.db.transaction().execute(async (trx) => {
      // Consuming the token first makes a double submit lose cleanly instead of registering two keys.
      const consumed = await trx.updateTable('authentication_tokens').set({ active: 0, modified: now })
        .where('id', '=', tokenId).where('active', '=', 1).executeTakeFirst();
      if (consumed.numUpdatedRows !== 1n) throw new BadRequestError(INVALID_TOKEN);
      if (type === 'register') {
        await trx.updateTable('gpgkeys').set({ deleted: 1, modified: now }).where('user_id', '=', userId).execute();
        await trx.insertInto('gpgkeys').values({
          id: randomUUID(), user_id: userId, armored_key: facts.armored, fingerprint: facts.fingerprint, key_id: facts.keyId,
          bits: facts.bits, uid: facts.uid, type: facts.type, key_created: facts.keyCreated, expires: facts.expires,
          deleted: 0, created: now, modified: now,
        }).execute();
        await trx.updateTable('users').set({ active: 1, modified: now, locale: input.locale ?? user.locale })
          .where('id', '=', userId).execute();
      } else if (input.locale) {
        await trx.updateTable('users').set({ locale: input.locale, modified: now }).where('id', '=', userId).execute();
      }
      await this.keyRegistered(userId, trx);
    }).catch((error: unknown) => {
      // Another user registered the same key between our check and our insert.
      if (isUniqueViolation(error)) refuseTakenKey();
      throw error;
    });
    const fresh = await this.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    return this.users.buildOne(fresh, { profile: true, role: true, gpgkey: true, groups_users: false });
  }

  async abortRecover(userId: string, body: unknown): Promise<void> {
    const input = parseBody(abortSchema, body);
    const { tokenId } = await this.redeemable(userId, input.authentication_token.token, 'recover');
    await this.db.updateTable('authentication_tokens').set({ active: 0, modified: nowIso(this.clock) })
      .where('id', '=', tokenId).execute();
  }

  /** A new recover token for an active user (the caller mails the link). */
  async createToken(userId: string, type: TokenType): Promise<string> {
    const now = nowIso(this.clock);
    const token = randomUUID();
    await this.db.insertInto('authentication_tokens').values({
      id: randomUUID(), token, user_id: userId, type, active: 1, created: now, modified: now,
    }).execute();
    return token;
  }
}
