// Resolves `request.user` from `Authorization: Bearer <jwt>`, and the guards routes call first.
// A bad, expired or revoked token leaves the request anonymous: guest routes still work, user routes answer 401.
//
// Every authenticated request is checked against the database (session still live, account usable), so logout
// and disabling a user end access at once on every server process. By default the onRequest hook runs that check
// as its own query. A hot route may instead declare `config: { sessionCheck: 'in-route-query' }`: the hook then
// only verifies the token's signature and expiry, `request.user` stays null (so `requireUser` answers 401 there),
// and the route reaches its data only through `requireSession(request).run(query)`, where `query` is a
// SessionBoundQuery: built on the same live-session query, checked row by row, one round trip for both.
import type { FastifyRequest } from 'fastify';
import type { Compilable, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../storage/schema';
import { PreparedQuery } from '../storage/prepared-query';
import type { AccessTokenClaims, AccessTokenService } from '../services/access-token.service';
import type { Clock } from '../util/clock';
import { nowIso } from '../util/clock';
import { ForbiddenError, UnauthenticatedError } from './errors';

export interface AuthUser {
  id: string;
  roleName: 'admin' | 'user';
  /** The refresh-token family of this login session. */
  sessionId: string;
}

/** How a route checks the caller's session; see the top of this file. */
export type SessionCheckMode = 'in-route-query';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
    /** On `sessionCheck: 'in-route-query'` routes: the verified token, its session not yet checked. */
    pendingSession: PendingSession | null;
  }
  interface FastifyContextConfig {
    sessionCheck?: SessionCheckMode;
  }
}

/** True when the user may act: active, not deleted, not disabled (a disabled date in the past counts). */
export function isUsableAccount(u: { active: number; deleted: number; disabled: string | null }, now: string): boolean {
  return u.active === 1 && u.deleted === 0 && (u.disabled === null || u.disabled > now);
}

/** The columns of the live-session check that decide whether its row stands for a usable account. */
export interface LiveSessionRow { id: string; active: number; deleted: number; disabled: string | null; role: string }

type SessionParams = { userId: string; sessionId: string };

/**
 * The user and role, provided the session still has an active refresh token (logout deactivates the session's
 * refresh tokens, which also ends its access tokens: ASVS 3.3.1). No row: no live session.
 */
function liveSessionUserQuery(db: Kysely<Database>, p: SessionParams): SelectQueryBuilder<Database, 'users' | 'roles', LiveSessionRow> {
  return db.selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.active', 'users.deleted', 'users.disabled', 'roles.name as role'])
    .where('users.id', '=', p.userId)
    .where((eb) => eb.exists(eb.selectFrom('refresh_tokens').select('refresh_tokens.id')
      .where('refresh_tokens.family_id', '=', p.sessionId).where('refresh_tokens.user_id', '=', p.userId)
      .where('refresh_tokens.active', '=', 1)));
}

// Compiled once: it runs on every authenticated request, and building it per request was a visible share of a
// small request's CPU.
const liveSessionUser = new PreparedQuery(['userId', 'sessionId'], liveSessionUserQuery);

/** The caller, if the live-session row says the account may act; null otherwise. */
function acceptRow(row: LiveSessionRow | undefined, claims: AccessTokenClaims, clock: Clock): AuthUser | null {
  // The clock is read only for a disabled date: formatting "now" is measurable on the hottest route.
  if (!row || !isUsableAccount(row, row.disabled === null ? '' : nowIso(clock))) return null;
  if (row.role !== 'admin' && row.role !== 'user') return null;
  return { id: row.id, roleName: row.role, sessionId: claims.sessionId };
}

/**
 * A query that answers a route's question AND the live-session check in one round trip. `extend` receives the
 * live-session query (users and roles, restricted to the token's user with a live session) and may join and
 * select more; the row it returns is accepted only if the account is usable. Values are bound like
 * PreparedQuery's (compiled once).
 */
export class SessionBoundQuery<P extends string, R extends LiveSessionRow> {
  private readonly query: PreparedQuery<Database, P | keyof SessionParams, R>;

  constructor(names: readonly P[], extend: (base: SelectQueryBuilder<Database, 'users' | 'roles', LiveSessionRow>,
    values: Record<P, string>) => Compilable<R>) {
    this.query = new PreparedQuery<Database, P | keyof SessionParams, R>([...names, 'userId', 'sessionId'],
      (db, p) => extend(liveSessionUserQuery(db, p), p));
  }

  /** Internal to PendingSession: the only way to run it is with a verified token's claims. */
  executeFor(db: Kysely<Database>, claims: AccessTokenClaims, values: Record<P, unknown>): Promise<R | undefined> {
    return this.query.executeTakeFirst(db, { ...values, userId: claims.userId, sessionId: claims.sessionId } as Record<P | keyof SessionParams, unknown>);
  }
}

/** A verified access token whose session and account the route checks within its own query. */
export class PendingSession {
  constructor(
    private readonly request: FastifyRequest,
    private readonly claims: AccessTokenClaims,
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Runs `query` for this session; 401 unless the session is live and the account usable. Sets request.user. */
  async run<P extends string, R extends LiveSessionRow>(query: SessionBoundQuery<P, R>, db: Kysely<Database>,
    values: Record<P, unknown>): Promise<R> {
    const row = await query.executeFor(db, this.claims, values);
    this.accept(row);
    return row as R;
  }

  /** The plain check alone (e.g. before refusing malformed input, so a dead session still gets 401 first). */
  async user(): Promise<AuthUser> {
    return this.accept(await liveSessionUser.executeTakeFirst(this.db, this.claims));
  }

  private accept(row: LiveSessionRow | undefined): AuthUser {
    const user = acceptRow(row, this.claims, this.clock);
    if (!user) throw new UnauthenticatedError();
    this.request.user = user;
    return user;
  }
}

const BEARER = /^Bearer\s+(\S{1,8192})$/i;

export class Authenticator {
  constructor(private readonly db: Kysely<Database>, private readonly tokens: AccessTokenService, private readonly clock: Clock) {}

  /** Signature, issuer and expiry of the bearer token only; null for anything else. */
  private async claimsOf(authorization: string | undefined): Promise<AccessTokenClaims | null> {
    const m = authorization ? BEARER.exec(authorization) : null;
    return m ? this.tokens.verify(m[1]!) : null;
  }

  /** The caller of an ordinary route: verified token, live session, usable account; null otherwise. */
  async resolve(authorization: string | undefined): Promise<AuthUser | null> {
    const claims = await this.claimsOf(authorization);
    if (!claims) return null;
    return acceptRow(await liveSessionUser.executeTakeFirst(this.db, claims), claims, this.clock);
  }

  /** Sets up the request's identity from its Authorization header, as its route's `sessionCheck` asks. */
  async authenticate(request: FastifyRequest): Promise<void> {
    const authorization = request.headers.authorization;
    if (!authorization) return;
    if (request.routeOptions.config.sessionCheck === 'in-route-query') {
      const claims = await this.claimsOf(authorization);
      if (claims) request.pendingSession = new PendingSession(request, claims, this.db, this.clock);
      return;
    }
    request.user = await this.resolve(authorization);
  }
}

export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthenticatedError();
  return request.user;
}

/**
 * On a `sessionCheck: 'in-route-query'` route: the verified token to run the route's SessionBoundQuery with.
 * 401 without a valid token. Calling it from any other route is a programming error (its session was already
 * checked by the hook), reported as such.
 */
export function requireSession(request: FastifyRequest): PendingSession {
  if (request.routeOptions.config.sessionCheck !== 'in-route-query') {
    throw new Error('requireSession is only for routes declared with sessionCheck: in-route-query');
  }
  if (!request.pendingSession) throw new UnauthenticatedError();
  return request.pendingSession;
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
