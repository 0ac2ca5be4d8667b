// A Kysely query built and compiled once, run many times with new parameter values. Building and compiling a
// query tree costs tens of microseconds, which a profile of the secret fetch (two small queries per request:
// the auth check and the secret row) put at ~15-20% of its CPU. The hot per-request queries use this; the
// SQL text stays what Kysely generates, every value stays a bound parameter.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

const SENTINEL_PREFIX = '\u0000tessera-parameter:';

interface Compiled<P, R> {
  query: CompiledQuery<R>;
  /** For each compiled parameter, the placeholder name it stands for, or null for a constant of the query. */
  slots: (P | null)[];
}

export class PreparedQuery<DB, P extends string, R> {
  /** Per SQL dialect (adapter class): one process may talk to SQLite and PostgreSQL (tests do). */
  private readonly compiled = new Map<unknown, Compiled<P, R>>();

  /**
   * `build` receives a stand-in value for each name in `names` and must use each one exactly as a value
   * (in a comparison, an insert...), never in a way that changes the SQL text.
   */
  constructor(
    private readonly names: readonly P[],
    private readonly build: (db: Kysely<DB>, values: Record<P, string>) => Compilable<R>,
  ) {}

  private compile(db: Kysely<DB>): Compiled<P, R> {
    const stand = Object.fromEntries(this.names.map((n) => [n, `${SENTINEL_PREFIX}${n}`])) as Record<P, string>;
    const query = this.build(db, stand).compile();
    const byStand = new Map<unknown, P>(this.names.map((n) => [stand[n], n]));
    const slots = query.parameters.map((value) => byStand.get(value) ?? null);
    for (const n of this.names) {
      if (!slots.includes(n)) throw new Error(`prepared query: placeholder ${n} is not a parameter of the query`);
    }
    return { query, slots };
  }

  /** Runs the query with `values` on `db` (a Kysely instance or a transaction). */
  async execute(db: Kysely<DB>, values: Record<P, unknown>): Promise<R[]> {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = this.compiled.get(dialect);
    if (!compiled) {
      compiled = this.compile(db);
      this.compiled.set(dialect, compiled);
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((constant, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? constant : values[slot];
    });
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  }

  async executeTakeFirst(db: Kysely<DB>, values: Record<P, unknown>): Promise<R | undefined> {
    return (await this.execute(db, values))[0];
  }
}
