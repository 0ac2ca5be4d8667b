// Server configuration, filled by the CLI from flags and TESSERA_* environment variables (see cli.ts --help).
import { join } from 'node:path';

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
  /** First retry delay of a failed mail; doubles per attempt up to an hour. */
  mailRetryBaseMs: number;
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

/** The `start` command's flags (commander gives strings). */
export interface StartOptions { data: string; db?: string; url?: string; host: string; port: string; smtp?: string }

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

export function mailFrom(publicUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TESSERA_MAIL_FROM) return env.TESSERA_MAIL_FROM;
  let host = 'localhost';
  try { host = new URL(publicUrl).hostname || host; } catch { /* keep localhost */ }
  return `Tessera <no-reply@${host}>`;
}

/** The `start` command's options to a configuration; TESSERA_* variables fill in the settings without a flag. */
export function configFromOptions(o: StartOptions, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${o.port}`);
  const publicUrl = trimTrailingSlash(o.url ?? `http://${o.host}:${port}`);
  return {
    dataDir: o.data,
    databaseUrl: o.db ?? join(o.data, 'tessera.db'),
    host: o.host,
    port,
    publicUrl,
    smtpUrl: o.smtp ?? null,
    mailFrom: mailFrom(publicUrl, env),
    bodyLimit: intEnv(env, 'TESSERA_BODY_LIMIT', 10 * 1024 * 1024),
    logLevel: env.TESSERA_LOG_LEVEL || 'info',
    rateLimits: parseRateLimits(env.TESSERA_RATE_LIMITS),
    mailPollMs: intEnv(env, 'TESSERA_MAIL_POLL_MS', 5000),
    mailRetryBaseMs: intEnv(env, 'TESSERA_MAIL_RETRY_MS', 30_000),
    trustProxy: env.TESSERA_TRUST_PROXY === '1',
  };
}

