import type { PullBacklog, PullPage, PullReadInput, PullReadStore } from "../port.js";
import { confirmedPosition, PLACE_PER_READ } from "../pull-read-rules.js";
import { inTransaction, type Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs, toBytes } from "./rows.js";

interface ReadStateRow {
  last_position: number;
  read_position: number;
  read_at: number | null;
}

function readState(db: Queryable, accountId: string, endpointId: string, lock: boolean) {
  return db.query<ReadStateRow>(
    `SELECT r.last_position, r.read_position, r.read_at FROM pull_reads r JOIN endpoints e ON e.id = r.endpoint_id
     WHERE r.endpoint_id = $1 AND e.account_id = $2 AND e.deleted_at IS NULL${lock ? " FOR UPDATE OF r" : ""}`,
    [endpointId, accountId],
  );
}

/**
 * Call inside a transaction. The endpoint's `pull_reads` row is locked first, so reads of one endpoint
 * place one after the other; each statement then sees every delivery committed before it, and one
 * committed later is placed by a later read, after these: a reader never skips one.
 */
export async function readPullEvents(db: Queryable, input: PullReadInput): Promise<PullPage | undefined> {
  const state = (await readState(db, input.accountId, input.endpointId, true)).rows[0];
  if (state === undefined) return undefined;
  const placed = await db.query<{ n: number }>(
    `WITH unplaced AS (
       SELECT id, row_number() OVER (ORDER BY id) AS n FROM deliveries
       WHERE endpoint_id = $1 AND pull_position = 0 ORDER BY id LIMIT $3
     )
     UPDATE deliveries d SET pull_position = $2 + u.n FROM unplaced u WHERE d.id = u.id RETURNING u.n`,
    [input.endpointId, state.last_position, PLACE_PER_READ],
  );
  const last = state.last_position + placed.rows.length;
  const rows = await db.query<{ position: number; event_id: string; body: Buffer }>(
    `SELECT d.pull_position AS position, d.event_id, ev.body FROM deliveries d JOIN events ev ON ev.id = d.event_id
     WHERE d.endpoint_id = $1 AND d.pull_position IS NOT NULL AND d.pull_position > $2
     ORDER BY d.pull_position LIMIT $3`,
    [input.endpointId, Math.max(0, input.afterPosition), input.limit],
  );
  await db.query(
    `UPDATE pull_reads SET last_position = $2, read_position = GREATEST(read_position, $3), read_at = $4
     WHERE endpoint_id = $1`,
    [input.endpointId, last, confirmedPosition(input.afterPosition, last), epochMs(input.now)],
  );
  const entries = rows.rows.map((row) => ({
    position: row.position,
    eventId: row.event_id,
    body: toBytes(row.body),
  }));
  return { entries };
}

export async function getPullBacklog(
  db: Queryable,
  accountId: string,
  endpointId: string,
): Promise<PullBacklog | undefined> {
  const state = (await readState(db, accountId, endpointId, false)).rows[0];
  if (state === undefined) return undefined;
  const result = await db.query<{ pending: number }>(
    `SELECT count(*) AS pending FROM deliveries WHERE endpoint_id = $1 AND pull_position IS NOT NULL
       AND (pull_position = 0 OR pull_position > $2)`,
    [endpointId, state.read_position],
  );
  return { pending: result.rows[0]?.pending ?? 0, lastReadAt: state.read_at };
}

export function postgresPullReadMethods({ pool }: PostgresContext): PullReadStore {
  return {
    readPullEvents: (input) => inTransaction(pool, (tx) => readPullEvents(tx, input)),
    getPullBacklog: (accountId, endpointId) => getPullBacklog(pool, accountId, endpointId),
  };
}
