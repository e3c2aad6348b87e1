import { withClient } from "./postgres-roles.js";
import { growthPer } from "./sqlite-store-size.js";
import { waitUntil } from "./wait-until.js";

/** A PostgreSQL schema's growth over a load, by `pg_total_relation_size` (table, indexes and TOAST). */
export interface PostgresStorage {
  readonly finishedDeliveries: number;
  readonly bytesPerFinishedDelivery: number | null;
  readonly bytesPerEvent: number | null;
  /** Growth per finished delivery, by table. */
  readonly bytesPerDeliveryByTable: Readonly<Record<string, number>>;
}

/** Every table of `schema` with its total size in bytes. */
export async function postgresTableBytes(schema: string): Promise<Record<string, number>> {
  return withClient(async (client) => {
    const result = await client.query<{ name: string; bytes: string }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
      [schema],
    );
    return Object.fromEntries(result.rows.map((row) => [row.name, Number(row.bytes)]));
  });
}

/**
 * Waits until no delivery of `schema` is pending (the workers record after the receipt), then answers
 * what the tables grew by since `before`, per finished delivery and per event. Dead row versions left by
 * the updates count (autovacuum makes them reusable, it does not shrink the files): the size on disk.
 */
export async function postgresStorage(input: {
  readonly schema: string;
  readonly before: Readonly<Record<string, number>>;
  readonly events: number;
  readonly timeoutMs: number;
}): Promise<PostgresStorage> {
  const count = (sql: string) =>
    withClient(async (client) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0));
  await waitUntil(
    async () =>
      (await count(`SELECT COUNT(*) AS n FROM ${input.schema}.deliveries WHERE status = 'pending'`)) === 0,
    { timeoutMs: input.timeoutMs, intervalMs: 200 },
  );
  const finished = await count(
    `SELECT COUNT(*) AS n FROM ${input.schema}.deliveries WHERE status IN ('succeeded', 'failed')`,
  );
  const after = await postgresTableBytes(input.schema);
  const grown = Object.entries(after).reduce(
    (sum, [name, bytes]) => sum + bytes - (input.before[name] ?? 0),
    0,
  );
  return {
    finishedDeliveries: finished,
    bytesPerFinishedDelivery: finished > 0 ? Math.round(grown / finished) : null,
    bytesPerEvent: input.events > 0 ? Math.round(grown / input.events) : null,
    bytesPerDeliveryByTable: growthPer(input.before, after, finished),
  };
}
