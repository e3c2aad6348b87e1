import pg from "pg";
import { postgresTestUrl } from "../../support/postgres.js";
import type { Snapshotter } from "./store-snapshot.js";

/**
 * Snapshots of one PostgreSQL schema, like `openSqliteSnapshotter` of a file: every table's rows
 * hashed in the database (each row as text, sorted), through one connection of its own. The tables
 * are those of the migrated schema when it opens (requests never create tables).
 */
export async function openPostgresSnapshotter(schema: string): Promise<Snapshotter> {
  const client = new pg.Client({ connectionString: postgresTestUrl() });
  client.on("error", () => {});
  await client.connect();
  const quoted = pg.escapeIdentifier(schema);
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
    [schema],
  );
  // One round trip per snapshot: the property sends hundreds of requests, each between two of them.
  const digests = tables.rows
    .map(
      ({ table_name: table }) =>
        `SELECT ${pg.escapeLiteral(table)} AS name, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${quoted}.${pg.escapeIdentifier(table)} t`,
    )
    .join(" UNION ALL ");
  return {
    async snapshot() {
      const result = await client.query<{ name: string; digest: string | null }>(digests);
      const fingerprint: Record<string, string> = {};
      for (const row of result.rows) fingerprint[row.name] = row.digest ?? "empty";
      return fingerprint;
    },
    close: () => client.end(),
  };
}
