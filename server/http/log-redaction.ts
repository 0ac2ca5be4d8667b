// What the server's logger censors. Nothing below should ever be logged (log calls pass ids, counts and
// messages only); this is defence in depth should a header object or a request body slip into a log call.
//
// Two parts, because pino's redaction is costly where it matters most: its wildcard paths ('*.token', ...)
// run every field of every line, and every child logger's bindings (Fastify makes one per request for its
// request id), through a redactor that re-parses all its paths on each call. In a profile of the secret fetch
// under load that was a quarter of the bytes allocated per request before the access line was moved off it,
// and still 6% with only the per-request child logger left (its `reqId` binding). So pino keeps only the exact
// paths (no wildcard, so other fields are not touched), and `censorCredentials`, pino's `formatters.log`
// hook, does what the wildcard paths did (and the top level too) with a few property checks per line.
const CENSOR = '[redacted]';

/** Exact paths pino redacts (a header object logged whole, or inside a request). */
export const LOG_REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'];

/** Fields censored in a logged object at its top level and one level down. */
export const CREDENTIAL_FIELDS = ['refresh_token', 'access_token', 'challenge', 'token', 'armored_key', 'password'] as const;

function censoredCopy(value: object): Record<string, unknown> | null {
  let copy: Record<string, unknown> | null = null;
  for (const field of CREDENTIAL_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(value, field)) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[field] = CENSOR;
    }
  }
  return copy;
}

/**
 * The object of a log call with every credential field censored, at the top level and in each object one
 * level down; the caller's objects are never modified (copies are made only when something is censored).
 */
export function censorCredentials(entry: Record<string, unknown>): Record<string, unknown> {
  let out = censoredCopy(entry) ?? entry;
  for (const key in entry) {
    const value = entry[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const copy = censoredCopy(value);
    if (copy) {
      if (out === entry) out = { ...entry };
      out[key] = copy;
    }
  }
  return out;
}
