// Inserts many rows of one table in as few statements as the database allows. On PostgreSQL each column travels
// as a single array parameter and `unnest` turns the arrays back into rows: PostgreSQL parses and binds that far
// faster than thousands of scalar parameters (a share with a 1,000-member group bound 8,000 for its secrets
// and 11,000 for its mails), and Kysely builds one node per column instead of one per value. SQLite binds
// scalars cheaply, so it gets ordinary multi-row inserts in chunks.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Dialect } from './database';
import type { Database } from './schema';

/** PostgreSQL element types of the non-text columns written through `insertMany`. */
export type ColumnTypes = Readonly<Record<string, 'int4' | 'int8'>>;

const SQLITE_ROWS_PER_STATEMENT = 500;

export async function insertMany<T extends keyof Database & string>(db: Kysely<Database>, dialect: Dialect, table: T,
  rows: readonly Insertable<Database[T]>[], types: ColumnTypes = {}): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || columns.some((c) => (row as Record<string, unknown>)[c] === undefined)) {
      throw new Error(`insertMany(${table}): every row must set the same columns (${columns.join(', ')})`);
    }
  }
  if (dialect === 'sqlite') {
    for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed for `table` by the signature
      await db.insertInto(table).values(rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT) as any).execute();
    }
    return;
  }
  const arrays = columns.map((column) => {
    const values = rows.map((row) => (row as Record<string, unknown>)[column]);
    return sql`${values}::${sql.raw(types[column] ?? 'text')}[]`;
  });
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(db);
}
