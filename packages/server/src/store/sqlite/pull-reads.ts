import type { PullBacklog, PullEntry, PullReadInput, PullReadStore } from "../port.js";
import { confirmedPosition, PLACE_PER_READ } from "../pull-read-rules.js";
import type { SqliteContext } from "./sqlite-context.js";

const READ_STATE_SQL = `
SELECT r.last_position, r.read_position, r.read_at FROM pull_reads r JOIN endpoints e ON e.id = r.endpoint_id
WHERE r.endpoint_id = ? AND e.account_id = ? AND e.deleted_at IS NULL`;

interface ReadStateRow {
  last_position: number;
  read_position: number;
  read_at: number | null;
}

interface EntryRow {
  position: number;
  event_id: string;
  body: Buffer;
}

/**
 * Pull reads: one IMMEDIATE transaction per read (SQLite has one writer, so placing and reading never
 * race a publish's commit).
 */
export function sqlitePullReadMethods({ db, statement }: SqliteContext): PullReadStore {
  const readState = (accountId: string, endpointId: string) =>
    statement(READ_STATE_SQL).get(endpointId, accountId) as ReadStateRow | undefined;

  const readPullEvents = db.transaction((input: PullReadInput) => {
    const state = readState(input.accountId, input.endpointId);
    if (state === undefined) return undefined;
    const unplaced = statement(
      "SELECT id FROM deliveries WHERE endpoint_id = ? AND pull_position = 0 ORDER BY id LIMIT ?",
    )
      .pluck()
      .all(input.endpointId, PLACE_PER_READ) as number[];
    const place = statement("UPDATE deliveries SET pull_position = ? WHERE id = ?");
    let last = state.last_position;
    for (const id of unplaced) place.run(++last, id);
    const rows = statement(
      "SELECT d.pull_position AS position, ev.id AS event_id, ev.body FROM deliveries d " +
        "JOIN events ev ON ev.number = d.event_number " +
        "WHERE d.endpoint_id = ? AND d.pull_position IS NOT NULL AND d.pull_position > ? " +
        "ORDER BY d.pull_position LIMIT ?",
    ).all(input.endpointId, Math.max(0, input.afterPosition), input.limit) as EntryRow[];
    statement(
      "UPDATE pull_reads SET last_position = ?, read_position = MAX(read_position, ?), read_at = ? WHERE endpoint_id = ?",
    ).run(last, confirmedPosition(input.afterPosition, last), input.now, input.endpointId);
    const entries: PullEntry[] = rows.map((row) => ({
      position: row.position,
      eventId: row.event_id,
      body: new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.byteLength),
    }));
    return { entries };
  });

  return {
    async readPullEvents(input) {
      return readPullEvents.immediate(input);
    },
    async getPullBacklog(accountId, endpointId): Promise<PullBacklog | undefined> {
      const state = readState(accountId, endpointId);
      if (state === undefined) return undefined;
      const pending = statement(
        "SELECT COUNT(*) FROM deliveries WHERE endpoint_id = ? AND pull_position IS NOT NULL " +
          "AND (pull_position = 0 OR pull_position > ?)",
      )
        .pluck()
        .get(endpointId, state.read_position) as number;
      return { pending, lastReadAt: state.read_at };
    },
  };
}
