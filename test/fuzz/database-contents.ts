import { sql } from 'kysely';
import type { Store } from '../../src/store/database.js';

/** Every row of every table, as sorted JSON lines by table. */
export type Contents = Map<string, string[]>;

/** The site's tables, found once: those of the schema the store works in (PostgreSQL), or of its file (SQLite). */
export async function tablesOf(store: Store): Promise<string[]> {
  const query =
    store.engine === 'postgres'
      ? sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`;
  return (await query.execute(store.db)).rows.map((row) => row.name).sort();
}

const asJson = (row: unknown) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));

/** What the tables hold now. */
export async function contentsOf(store: Store, tables: string[]): Promise<Contents> {
  const contents: Contents = new Map();
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
    contents.set(table, rows.map(asJson).sort());
  }
  return contents;
}

/** The rows one side has and the other has not, as `table: -row` (gone) and `table: +row` (new). */
export function changesBetween(before: Contents, after: Contents): string[] {
  const changes: string[] = [];
  for (const [table, rows] of after) {
    const was = new Set(before.get(table));
    const is = new Set(rows);
    for (const row of was) if (!is.has(row)) changes.push(`${table}: -${row.slice(0, 300)}`);
    for (const row of is) if (!was.has(row)) changes.push(`${table}: +${row.slice(0, 300)}`);
  }
  return changes;
}
