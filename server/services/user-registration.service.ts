// Creates users (inactive, with a one-time setup token) for `POST /users.json` and the `create-admin` command.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import { nowIso, type Clock } from '../util/clock';
import { ValidationError } from '../http/errors';
import { isUniqueViolation } from '../storage/unique-violation';

export type NewUserRole = 'admin' | 'user';

export interface NewUser {
  username: string;
  firstName: string;
  lastName: string;
  role: NewUserRole;
}

export interface RegisteredUser {
  userId: string;
  token: string;
}

export function setupLink(publicUrl: string, userId: string, token: string): string {
  return `${publicUrl}/setup/start/${userId}/${token}`;
}

export function recoverLink(publicUrl: string, userId: string, token: string): string {
  return `${publicUrl}/setup/recover/start/${userId}/${token}`;
}

export class UserRegistrationService {
  constructor(private readonly db: Kysely<Database>, private readonly clock: Clock) {}

  /** Refuses a taken username (field-keyed 400). Deleting a user frees its username (see the delete service). */
  async register(input: NewUser): Promise<RegisteredUser> {
    const now = nowIso(this.clock);
    const userId = randomUUID();
    const token = randomUUID();
    const taken = (): never => {
      throw new ValidationError({ username: { uniqueUsername: 'The username is already in use.' } }, 'Could not validate user data.');
    };
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('users').select('id')
        .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase())).executeTakeFirst();
      if (existing) taken();
      const role = await trx.selectFrom('roles').select('id').where('name', '=', input.role).executeTakeFirstOrThrow();
      await trx.insertInto('users').values({
        id: userId, role_id: role.id, username: input.username, active: 0, deleted: 0, disabled: null, locale: null,
        created: now, modified: now, last_logged_in: null,
      }).execute();
      await trx.insertInto('profiles').values({
        id: randomUUID(), user_id: userId, first_name: input.firstName, last_name: input.lastName, created: now, modified: now,
      }).execute();
      await trx.insertInto('authentication_tokens').values({
        id: randomUUID(), token, user_id: userId, type: 'register', active: 1, created: now, modified: now,
      }).execute();
    }).catch((error: unknown) => {
      // Two requests for the same username at once: the unique index lets one through.
      if (isUniqueViolation(error)) taken();
      throw error;
    });
    return { userId, token };
  }
}
