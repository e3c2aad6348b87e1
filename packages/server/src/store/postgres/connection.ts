import pg from "pg";

/** Anything that runs a query: the pool, or one client inside a transaction. */
export interface Queryable {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<Row>>;
}

const INT8_OID = 20;

/**
 * Epoch milliseconds are stored as `bigint`; they fit a JS number exactly (below 2^53), so they are
 * parsed to numbers for this pool only (the global `pg.types` are left alone).
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary"
      ? (text: string) => Number(text)
      : pg.types.getTypeParser(oid, format ?? "text")) as pg.CustomTypesConfig["getTypeParser"],
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, checked: it goes into a connection parameter and into DDL. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `voicehire-webhooks: the PostgreSQL schema name must match ${SCHEMA_NAME.source}, got ${JSON.stringify(schema)}`,
    );
  }
  return schema;
}

export interface ConnectionOptions {
  readonly connectionString: string;
  /** Every table lives in this schema (default `public`); it is created by `migrate()`. */
  readonly schema: string;
}

/**
 * `pg` lets a parameter of the connection string override the same setting given beside it, so an
 * `options` parameter in the URL (e.g. `?options=-c statement_timeout=5000`) would silently drop our
 * search_path: it is moved out of the URL and kept, with the search_path after it.
 */
function withSearchPath(
  connectionString: string,
  schema: string,
): { connectionString: string; options: string } {
  const searchPath = `-c search_path=${checkSchemaName(schema)}`;
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { connectionString, options: searchPath };
  }
  const existing = url.searchParams.get("options");
  if (existing === null) return { connectionString, options: searchPath };
  url.searchParams.delete("options");
  return { connectionString: url.toString(), options: `${existing} ${searchPath}` };
}

/** Client settings shared by the pool and the LISTEN connection: bigint parsing and the search_path. */
export function clientConfig(options: ConnectionOptions, applicationName: string): pg.ClientConfig {
  return {
    ...withSearchPath(options.connectionString, options.schema),
    application_name: applicationName,
    types: typeParsers,
  };
}

/** How long a query waits for a connection (a new one, or a free one of the pool) before it fails. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Does nothing: `pg` emits `error` events that are also reported where it matters (see `createPool`). */
function ignoreConnectionError(): void {}

export function createPool(options: ConnectionOptions & { readonly poolSize: number }): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(options, "voicehire-webhooks"),
    max: options.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // A client whose connection is lost emits `error`; without a listener that kills the process. An idle
  // client's error goes to the pool (which discards the client); a client in use also fails its running
  // or next query, and `inTransaction` or the pool then destroys it instead of reusing it. So every
  // client gets a listener for its whole life, and the pool one too: nothing is lost by ignoring them.
  pool.on("connect", (client) => client.on("error", ignoreConnectionError));
  pool.on("error", ignoreConnectionError);
  return pool;
}

/**
 * Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws.
 * `settings` (`SET LOCAL ...` statements) are sent with the BEGIN, in the same round trip.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  settings?: string,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(settings === undefined ? "BEGIN" : `BEGIN; ${settings}`);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    // A client whose rollback failed is in an unknown state: destroy it instead of reusing it.
    client.release(broken);
  }
}
