// Fixed-window rate limits kept in the database, so every server process behind a load balancer counts the
// same hits. One upsert per attempt: `INSERT ... ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits`.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import type { RateLimitName, RateLimitRule } from '../config';
import type { Clock } from '../util/clock';
import { TooManyRequestsError } from '../http/errors';

export class RateLimitService {
  private lastCleanup = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly rules: Record<RateLimitName, RateLimitRule>,
  ) {}

  /** Counts one attempt for `key` (a client address, a user id) and throws 429 once over the limit. */
  async consume(name: RateLimitName, key: string): Promise<void> {
    const rule = this.rules[name];
    const nowS = Math.floor(this.clock.nowMs() / 1000);
    const windowStart = nowS - (nowS % rule.windowSeconds);
    const bucket = `${name}:${key}`.slice(0, 255);
    const row = await this.db.insertInto('rate_limits').values({ bucket, window_start: windowStart, hits: 1 })
      .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limits.hits + 1` }))
      .returning('hits').executeTakeFirstOrThrow();
    await this.cleanup(nowS);
    if (row.hits > rule.limit) throw new TooManyRequestsError(windowStart + rule.windowSeconds - nowS);
  }

  /** Old windows are useless; drop them at most once a minute per process. */
  private async cleanup(nowS: number): Promise<void> {
    if (nowS - this.lastCleanup < 60) return;
    this.lastCleanup = nowS;
    await this.db.deleteFrom('rate_limits').where('window_start', '<', nowS - 86_400).execute();
  }
}
