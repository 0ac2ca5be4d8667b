// The JWT login protocol's payloads.

/** `GET /auth/verify.json` */
export interface ServerKeyDto {
  fingerprint: string;
  keydata: string;
}

/** The cleartext the client encrypts to the server key and signs with its own. */
export interface LoginChallenge {
  version: '1.0.0';
  domain: string;
  verify_token: string;
  /** Unix seconds. */
  verify_token_expiry: number;
}

/** `POST /auth/jwt/login.json` */
export interface LoginRequest {
  user_id: string;
  challenge: string;
}

/** The cleartext of the server's answer, encrypted to the user's key and signed by the server key. */
export interface LoginChallengeAnswer {
  version: '1.0.0';
  domain: string;
  access_token: string;
  refresh_token: string;
  verify_token: string;
  providers?: string[];
}

/** `POST /auth/jwt/refresh.json`; the rotated refresh token comes back only as `Set-Cookie: refresh_token=...`. */
export interface RefreshRequest {
  user_id: string;
  refresh_token: string;
}

export interface RefreshResponse {
  access_token: string;
}

/** `POST /setup/complete/{userId}.json` and `POST /setup/recover/complete/{userId}.json` */
export interface SetupCompleteRequest {
  authentication_token: { token: string };
  gpgkey: { armored_key: string };
  locale?: string;
}

export const JWT_LIFETIMES = {
  accessTokenSeconds: 5 * 60,
  refreshTokenSeconds: 30 * 24 * 3600,
  verifyTokenSeconds: 3600,
} as const;
