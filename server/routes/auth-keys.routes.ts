// The server's public keys: the OpenPGP key clients encrypt their login challenge to, and the JWT verification key.
import type { RouteModule } from './index';

export const authKeyRoutes: RouteModule = (app, deps) => {
  app.get('/auth/verify', async (_request, reply) =>
    reply.success({ fingerprint: deps.keys.server.fingerprint, keydata: deps.keys.server.publicArmored }));

  app.get('/auth/jwt/rsa', async (_request, reply) => reply.success({ keydata: deps.keys.jwt.publicPem }));

  // Passbolt serves the JWKS raw, without the envelope.
  app.get('/auth/jwt/jwks', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send({ keys: [deps.keys.jwt.jwk] }));

  app.get('/.well-known/jwks', async (_request, reply) => reply.redirect('/auth/jwt/jwks.json', 301));
};
