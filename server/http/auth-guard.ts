// Resolves `request.user` from `Authorization: Bearer <jwt>`, and the guards routes call first.
// A bad, expired or revoked token leaves the request anonymous: guest routes still work, user routes answer 401.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import { PreparedQuery } from '../storage/prepared-query';
import type { AccessTokenService } from '../services/access-token.service';
import type { Clock } from '../util/clock';
import { nowIso } from '../util/clock';
import { ForbiddenError, UnauthenticatedError } from './errors';

export interface AuthUser {
  id: string;
  roleName: 'admin' | 'user';
  /** The refresh-token family of this login session. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

/** True when the user may act: active, not deleted, not disabled (a disabled date in the past counts). */
export function isUsableAccount(u: { active: number; deleted: number; disabled: string | null }, now: string): boolean {
  return u.active === 1 && u.deleted === 0 && (u.disabled === null || u.disabled > now);
}

/**
 * One round trip: the user and role, provided the session still has an active refresh token (logout
 * deactivates the session's refresh tokens, which also ends its access tokens: ASVS 3.3.1). It runs on every
 * authenticated request, so a disabled or deleted user loses access at once; it is compiled once because
 * building it per request was a visible share of a small request's CPU.
 */
const liveSessionUser = new PreparedQuery(['userId', 'sessionId'], (db: Kysely<Database>, p) => db.selectFrom('users')
  .innerJoin('roles', 'roles.id', 'users.role_id')
  .select(['users.id', 'users.active', 'users.deleted', 'users.disabled', 'roles.name as role'])
  .where('users.id', '=', p.userId)
  .where((eb) => eb.exists(eb.selectFrom('refresh_tokens').select('refresh_tokens.id')
    .where('refresh_tokens.family_id', '=', p.sessionId).where('refresh_tokens.user_id', '=', p.userId)
    .where('refresh_tokens.active', '=', 1))));

export class Authenticator {
  constructor(private readonly db: Kysely<Database>, private readonly tokens: AccessTokenService, private readonly clock: Clock) {}

  async resolve(authorization: string | undefined): Promise<AuthUser | null> {
    const m = authorization ? /^Bearer\s+(\S{1,8192})$/i.exec(authorization) : null;
    if (!m) return null;
    const claims = await this.tokens.verify(m[1]!);
    if (!claims) return null;
    const row = await liveSessionUser.executeTakeFirst(this.db, { userId: claims.userId, sessionId: claims.sessionId });
    if (!row || !isUsableAccount(row, nowIso(this.clock))) return null;
    if (row.role !== 'admin' && row.role !== 'user') return null;
    return { id: row.id, roleName: row.role, sessionId: claims.sessionId };
  }
}

export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthenticatedError();
  return request.user;
}

export function requireAdmin(request: FastifyRequest): AuthUser {
  const user = requireUser(request);
  if (user.roleName !== 'admin') throw new ForbiddenError('Only administrators are allowed to access this location.');
  return user;
}

/** Setup and recover are for people who are not logged in (Passbolt answers 403 otherwise). */
export function requireGuest(request: FastifyRequest): void {
  if (request.user) throw new ForbiddenError('Only guests are allowed to access this location.');
}

export function isAdmin(request: FastifyRequest): boolean {
  return request.user?.roleName === 'admin';
}
