// Keeps the session's tokens in memory only and renews the access token when the server answers 401:
// first with the refresh token (rotated on every use), then, if that is refused, by logging in again with
// the still-unlocked key when the session provides a way to. Concurrent 401s share one renewal.
import { ApiHttpError, ApiSessionExpiredError } from './api-errors';
import type { AuthApi, Tokens } from './auth-api';
import type { AccessTokenSource } from './http-client';

export class AccessTokenManager implements AccessTokenSource {
  private tokens: Tokens | undefined;
  private renewal: Promise<string> | undefined;
  /** Set by clear() (lock): nothing may log in again with this manager. */
  private closed = false;

  constructor(
    private readonly auth: AuthApi,
    private readonly userId: string,
    /** Full login again (the session still holds the unlocked key); absent means give up after refresh. */
    private readonly relogin?: () => Promise<Tokens>,
  ) {}

  set(tokens: Tokens): void {
    this.tokens = tokens;
    this.closed = false;
  }

  current(): string | undefined {
    return this.tokens?.accessToken;
  }

  refreshToken(): string | undefined {
    return this.tokens?.refreshToken;
  }

  /** Forgets the tokens (lock). */
  clear(): void {
    this.tokens = undefined;
    this.renewal = undefined;
    this.closed = true;
  }

  renew(failed: string | undefined): Promise<string> {
    if (this.closed) return Promise.reject(new ApiSessionExpiredError());
    // Another request already renewed past the token that failed: use the new one.
    if (this.tokens && failed !== undefined && this.tokens.accessToken !== failed) return Promise.resolve(this.tokens.accessToken);
    this.renewal ??= this.doRenew().finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  private async doRenew(): Promise<string> {
    const refreshToken = this.tokens?.refreshToken;
    if (refreshToken) {
      try {
        this.tokens = await this.auth.refresh(this.userId, refreshToken);
        return this.tokens.accessToken;
      } catch (error) {
        // A refused refresh token (400) falls through to a full login; anything else (offline) propagates.
        if (!(error instanceof ApiHttpError)) throw error;
      }
    }
    if (!this.relogin) {
      this.tokens = undefined;
      throw new ApiSessionExpiredError();
    }
    this.tokens = await this.relogin();
    return this.tokens.accessToken;
  }
}
