import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

// Distinct statement texts given a name, at most; beyond, statements are sent unnamed. Kysely
// builds the same text for the same query shape, so an application has a few hundred at most.
const maxNamedStatements = 500;
const maxNamedLength = 8000;

/**
 * A pg pool whose clients send each known statement text as a named prepared statement, so that
 * PostgreSQL parses and plans it once per connection instead of on every call: most operations
 * are a handful of short statements, where parsing is a large share of the server's work.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxNamedStatements && text.length <= maxNamedLength) {
      name = `ilot${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        // Kysely keys its connections by client object: one stable wrapper per pg client.
        wrapper = {
          query: ((text: string, values: unknown[]) => {
            // Statements without parameters (transaction control) gain nothing from a name.
            const name = values.length > 0 ? nameOf(text) : undefined;
            return name ? client.query({ name, text, values }) : client.query(text, values);
          }) as unknown as PostgresPoolClient['query'],
          release: () => client.release(),
        };
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
