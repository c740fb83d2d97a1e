import { sql, type Kysely } from 'kysely';
import type { Engine } from '../store/database.js';

/** Rows of every table of the site's schema, by table name: what a test restore must find again. */
export async function countRows(db: Kysely<unknown>, engine: Engine): Promise<Record<string, number>> {
  const tables =
    engine === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`;
  const counts: Record<string, number> = {};
  for (const { name } of (await tables.execute(db)).rows) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}
