// Server configuration, filled by the CLI from flags and TESSERA_* environment variables (see cli.ts --help).

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateLimitName = 'login' | 'refresh' | 'setup' | 'recover';

export interface ServerConfig {
  dataDir: string;
  /** postgres:// URL, or a SQLite file path. */
  databaseUrl: string;
  host: string;
  port: number;
  /**
   * Public base URL without trailing slash: used in links, the JWT issuer and the login domain check.
   * When not configured the CLI sets it to the listening address once known.
   */
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** Maximum request body in bytes; bigger bodies get 413. */
  bodyLimit: number;
  logLevel: string;
  rateLimits: Record<RateLimitName, RateLimitRule>;
  /** How often this process looks for queued mail to (re)send. */
  mailPollMs: number;
  /** Trust X-Forwarded-For from the load balancer for rate-limit buckets. */
  trustProxy: boolean;
}

export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimitRule> = {
  login: { limit: 60, windowSeconds: 60 },
  refresh: { limit: 120, windowSeconds: 60 },
  setup: { limit: 30, windowSeconds: 60 },
  recover: { limit: 10, windowSeconds: 60 },
};

/** Parses `login=60/60,recover=5/300` (limit per window seconds) over the defaults. */
export function parseRateLimits(text: string | undefined): Record<RateLimitName, RateLimitRule> {
  const out = { ...DEFAULT_RATE_LIMITS };
  if (!text) return out;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(login|refresh|setup|recover)=(\d+)\/(\d+)$/.exec(part);
    if (!m) throw new Error(`Invalid rate limit "${part}", expected name=limit/seconds`);
    out[m[1] as RateLimitName] = { limit: Number(m[2]), windowSeconds: Math.max(1, Number(m[3])) };
  }
  return out;
}

export function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
