// JWT login, refresh, logout and session checks.
import { JWT_LIFETIMES } from '../../common/api/auth';
import { BadRequestError } from '../http/errors';
import { requireUser } from '../http/auth-guard';
import { refreshTokenCookie } from '../http/cookies';
import type { RouteModule } from './index';

export const authRoutes: RouteModule = (app, deps) => {
  const { jwtAuth, rateLimits } = deps.services;
  const cookieExpiry = () => deps.clock.nowMs() + JWT_LIFETIMES.refreshTokenSeconds * 1000;

  app.post('/auth/jwt/login', async (request, reply) => {
    await rateLimits.consume('login', request.ip);
    const result = await jwtAuth.login(request.body);
    reply.header('set-cookie', refreshTokenCookie(result.refreshToken, cookieExpiry()));
    return reply.success({ challenge: result.challenge }, { message: 'The authentication was a success.' });
  });

  app.post('/auth/jwt/refresh', async (request, reply) => {
    await rateLimits.consume('refresh', request.ip);
    const body = (request.body ?? {}) as { user_id?: unknown; refresh_token?: unknown };
    if (typeof body !== 'object') throw new BadRequestError('The refresh token should be a valid UUID.');
    const result = await jwtAuth.refresh(body.user_id, body.refresh_token);
    reply.header('set-cookie', refreshTokenCookie(result.refreshToken, cookieExpiry()));
    return reply.success({ access_token: result.accessToken }, { message: 'The operation was successful.' });
  });

  app.post('/auth/jwt/logout', async (request, reply) => {
    const user = requireUser(request);
    const body = request.body;
    const token = body !== null && typeof body === 'object' ? (body as { refresh_token?: unknown }).refresh_token : undefined;
    await jwtAuth.logout(user.id, token);
    return reply.success(null, { message: 'The logout was a success.' });
  });

  app.get('/auth/is-authenticated', async (request, reply) => {
    requireUser(request);
    return reply.success(null, { message: 'The operation was successful.' });
  });

  // Tessera speaks only the JWT protocol; the GPGAuth cookie endpoints refuse, as Passbolt does for JWT callers.
  const noGpgAuth = async (): Promise<never> => {
    throw new BadRequestError('This authentication method is not supported, use /auth/jwt/login.json.');
  };
  app.post('/auth/login', noGpgAuth);
  app.route({ method: ['GET', 'POST'], url: '/auth/logout', handler: noGpgAuth });
};
