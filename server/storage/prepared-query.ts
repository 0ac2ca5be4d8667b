// A Kysely query built and compiled once, run many times with new parameter values. Building and compiling a
// query tree costs tens of microseconds, which a profile of the secret fetch (two small queries per request:
// the auth check and the secret row) put at ~15-20% of its CPU. The hot per-request queries use this; the
// SQL text stays what Kysely generates, every value stays a bound parameter.
//
// On PostgreSQL these texts also run as named (server-side prepared) statements, through the pool wrapper
// `withNamedStatements`: PostgreSQL then parses and plans each once per connection instead of on every run.
// For the secret fetch's query (joins and an EXISTS) planning was most of the database's work: 0.34 ms of
// PostgreSQL CPU per run unnamed, 0.08 ms named, and 0.10 -> 0.08 ms in Node. Only these few fixed texts are
// named, so each connection holds a handful of statements; every other query is sent unnamed as before.
//
// On a PostgreSQL database's root Kysely instance (not a transaction) these texts also skip Kysely's executor:
// `execute` takes a pooled client, runs the named statement and releases the client, as Kysely's driver would.
// Kysely's connection-provider, driver and executor layers cost ~10% of the bytes a secret fetch allocated
// (closures and promises per query) and the young-generation collections that garbage drives; the SQL text is
// still the one Kysely compiled, every value still a bound parameter. A transaction keeps its own connection,
// so a query given one goes through Kysely as before.
import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely, PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

const SENTINEL_PREFIX = '\u0000tessera-parameter:';

interface Compiled<P, R> {
  query: CompiledQuery<R>;
  /** For each compiled parameter, the placeholder name it stands for, or null for a constant of the query. */
  slots: (P | null)[];
  /** The PostgreSQL statement name of `query.sql`. */
  name: string;
}

/** Root Kysely instances over PostgreSQL -> their pg pools (registered by openDatabase). */
const directPools = new WeakMap<object, pg.Pool>();

/** Lets PreparedQuery run its statements on `db` straight through `pool` (`db` must be the Kysely over `pool`). */
export function registerPostgresPool(db: object, pool: pg.Pool): void {
  directPools.set(db, pool);
}

async function runNamed<R>(pool: pg.Pool, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = await pool.connect();
  try {
    const result = await client.query<R & pg.QueryResultRow>({ name, text, values });
    return result.rows;
  } finally {
    // As Kysely's driver does: a failed statement leaves the connection usable (pg-pool drops ended ones).
    client.release();
  }
}

/** SQL text -> statement name, for every PreparedQuery compiled in this process. */
const statementNames = new Map<string, string>();

function registerStatement(sql: string): void {
  // A name derived from the text: one text, one name, on every connection and in every process.
  if (!statementNames.has(sql)) statementNames.set(sql, `tessera_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`);
}

/** The statement name `withNamedStatements` uses for `sql`, or undefined when it is not a PreparedQuery's. */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

/** A pooled client that sends PreparedQuery texts as named statements and everything else unchanged. */
function namingClient(client: pg.PoolClient): PostgresPoolClient {
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): unknown {
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as unknown as pg.Submittable);
    const name = statementNames.get(sqlOrCursor);
    const values = parameters as unknown[];
    return name === undefined ? client.query(sqlOrCursor, values) : client.query({ name, text: sqlOrCursor, values });
  }
  return { query, release: () => client.release() };
}

/** Kysely's view of `pool`, naming PreparedQuery statements (see the top of this file). */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  // Kysely keeps per-client state keyed by the client object, so each pooled client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = namingClient(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
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
    registerStatement(query.sql);
    return { query, slots, name: statementNames.get(query.sql)! };
  }

  private compiledFor(db: Kysely<DB>): Compiled<P, R> {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = this.compiled.get(dialect);
    if (!compiled) {
      compiled = this.compile(db);
      this.compiled.set(dialect, compiled);
    }
    return compiled;
  }

  /** The SQL text this query runs as on `db`'s dialect. */
  compiledSql(db: Kysely<DB>): string {
    return this.compiledFor(db).query.sql;
  }

  /** Runs the query with `values` on `db` (a Kysely instance or a transaction). */
  async execute(db: Kysely<DB>, values: Record<P, unknown>): Promise<R[]> {
    const { query, slots, name } = this.compiledFor(db);
    const parameters = query.parameters.map((constant, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? constant : values[slot];
    });
    const pool = directPools.get(db);
    if (pool) return runNamed<R>(pool, name, query.sql, parameters);
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  }

  async executeTakeFirst(db: Kysely<DB>, values: Record<P, unknown>): Promise<R | undefined> {
    return (await this.execute(db, values))[0];
  }
}
