import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

// Distinct statement texts given a name, at most; beyond, statements are sent unnamed. Kysely
// builds the same text for the same query shape, so an application has a few hundred at most.
const maxNamedStatements = 500;
const maxNamedLength = 8000;

/** pg's parser of a type's values (typed: pg's own declaration returns `any`). */
const builtInParser: (oid: number, format?: 'text' | 'binary') => (value: string) => unknown = pg.types.getTypeParser;

/** The pool of connections to `url`, with Ilot's settings: the one place where PostgreSQL's connections are set up. */
export function openPool(
  url: string,
  options: { poolSize: number; busyTimeoutMs: number },
): { pool: PostgresPool; connections: () => { size: number; busy: number; idle: number; waiting: number } } {
  // The URL's own `options` (e.g. a search_path) would override ours: merge them into one.
  if (!URL.canParse(url)) throw new Error('not a valid URL');
  const parsed = new URL(url);
  const serverOptions = [parsed.searchParams.get('options'), `-c lock_timeout=${options.busyTimeoutMs}`].filter(Boolean).join(' ');
  parsed.searchParams.delete('options');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.poolSize,
    connectionTimeoutMillis: 5000,
    // Statements wait for locks no longer than the busy timeout, as on SQLite.
    options: serverOptions,
    // int8 holds millisecond timestamps and counters, all below 2^53.
    types: { getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : builtInParser(oid, format)) },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const connections = () => ({
    size: options.poolSize,
    busy: pool.totalCount - pool.idleCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  });
  return { pool: preparingPool(pool), connections };
}

/**
 * A pg pool whose clients send each known statement text as a named prepared statement, so that
 * PostgreSQL parses and plans it once per connection instead of on every call: most operations
 * are a handful of short statements, where parsing is a large share of the server's work.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
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
