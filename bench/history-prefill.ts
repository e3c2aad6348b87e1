import { closeSync, fsyncSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import { indexCandidatesThrough } from "../packages/server/dist/store/sqlite/candidate-index.js";
import { createSqliteContext } from "../packages/server/dist/store/sqlite/sqlite-context.js";

/** What `prefillHistory` wrote, and how long it took. */
export interface PrefillResult {
  readonly events: number;
  readonly deliveries: number;
  readonly attempts: number;
  readonly fillMs: number;
  /** Tables that reference the template's rows but are not multiplied (a later schema's additions). */
  readonly notCopied: readonly string[];
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The copied tables, each with the id prefix of its rows. */
const COPIED = { events: "evt", deliveries: "dlv", attempts: "att" } as const;
type CopiedTable = keyof typeof COPIED;
/** A template INTEGER value this close to the template event's creation is a time, shifted with it. */
const TIME_LIKE_WITHIN_MS = 30 * 86_400_000;
const EVENTS_PER_TRANSACTION = 25_000;

/** SQL for the 10 Crockford base32 characters of the millisecond time `t` (domain/ids.ts's time part). */
function encodeTimeSql(t: string): string {
  const digits = Array.from(
    { length: 10 },
    (_, i) => `substr('${CROCKFORD}', ((${t}) >> ${5 * (9 - i)}) % 32 + 1, 1)`,
  );
  return digits.join(" || ");
}

/**
 * An id of `prefix` made at the row's time (`tcode`, its encoded time part), then the sequence number `n` in 16
 * upper-case hex digits where the service has 16 random characters (hex digits are Crockford ones),
 * so ids are unique, valid, and increase with `n` as the rows are inserted.
 */
function idSql(prefix: string, n: string): string {
  return `'${prefix}_' || tcode || printf('%016X', ${n})`;
}

/** INTEGER columns holding a key of the embedded store (migration 017), and whose key they hold. */
const NUMBER_COLUMNS: Readonly<Record<string, "eventNumber" | "deliveryNumber">> = {
  number: "eventNumber",
  event_number: "eventNumber",
  id: "deliveryNumber",
  delivery_id: "deliveryNumber",
};

interface Column {
  readonly name: string;
  readonly type: string;
}

function columnsOf(db: Database.Database, table: string): Column[] {
  return db.prepare(`PRAGMA table_info(${table})`).all() as Column[];
}

/**
 * The SELECT list that copies template row `tpl` of `table` as history row number `n` at time `t`:
 * a column holding one of the template's ids gets the new row's id (the numbers the embedded store keys
 * events and deliveries by, in the columns named for them: `NUMBER_COLUMNS`), a time-like INTEGER column is shifted
 * by the time difference, a TEXT/BLOB column mentioning the template event id gets the new one (the
 * envelope, the request headers), every other column is copied as it is. Written from the template's
 * values, so columns a later migration adds are carried over too.
 */
function selectList(
  columns: readonly Column[],
  template: Record<string, unknown>,
  ids: Readonly<Record<string, string>>,
  newIds: Readonly<Record<string, string>>,
  templateEvent: { readonly id: string; readonly createdAt: number; readonly timestamp: string },
): string {
  return columns
    .map(({ name, type }) => {
      const value = template[name];
      const col = `tpl."${name}"`;
      const numbered = NUMBER_COLUMNS[name];
      if (typeof value === "number" && numbered !== undefined) return newIds[numbered] as string;
      const matched = Object.entries(ids).find(([, id]) => id === value);
      if (matched !== undefined) return newIds[matched[0]] as string;
      if (typeof value === "number" && Number.isInteger(value) && /INT/i.test(type)) {
        if (Math.abs(value - templateEvent.createdAt) < TIME_LIKE_WITHIN_MS) return `${col} + (t - @tplTime)`;
      }
      if (typeof value === "string" && value.includes(templateEvent.id)) {
        return `replace(replace(${col}, '${templateEvent.id}', ${newIds.event}), '${templateEvent.timestamp}', iso)`;
      }
      if (Buffer.isBuffer(value) && value.toString("utf8").includes(templateEvent.id)) {
        return `CAST(replace(replace(CAST(${col} AS TEXT), '${templateEvent.id}', ${newIds.event}), '${templateEvent.timestamp}', iso) AS BLOB)`;
      }
      return col;
    })
    .join(", ");
}

/**
 * Fills the SQLite store at `databaseFile` (the service stopped) with `events` × fan-out finished
 * deliveries, one attempt each, copied from the newest event whose deliveries all succeeded at the first
 * attempt (the template, made by the real service), their times spread evenly from `fromMs` to `toMs`.
 * Straight INSERT ... SELECT from a recursive sequence, ids increasing, so every index is appended to;
 * no journal and no syncs while it runs (a bench file, thrown away after), then back to WAL, and one
 * fsync at the end (counted in `fillMs`).
 */
export function prefillHistory(
  databaseFile: string,
  input: {
    readonly events: number;
    readonly fromMs: number;
    readonly toMs: number;
    /** Stop after the transaction that ends past this time (Date.now() ms): fewer rows, said so. */
    readonly deadline?: number;
  },
): PrefillResult {
  const began = Date.now();
  const db = new Database(databaseFile, { fileMustExist: true });
  try {
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -262144");
    db.pragma("foreign_keys = OFF");
    db.pragma("temp_store = MEMORY");
    const eventNumber = db
      .prepare(
        `SELECT event_number FROM deliveries GROUP BY event_number
         HAVING COUNT(*) = SUM(status = 'succeeded' AND attempt_count = 1) ORDER BY event_number DESC LIMIT 1`,
      )
      .pluck()
      .get() as number | undefined;
    if (eventNumber === undefined) throw new Error("bench: no delivered event to copy the history from");
    const event = db.prepare("SELECT * FROM events WHERE number = ?").get(eventNumber) as Record<
      string,
      unknown
    >;
    const eventId = event.id as string;
    const createdAt = event.created_at as number;
    const timestamp = new Date(event.occurred_at as number).toISOString();
    const templateEvent = { id: eventId, createdAt, timestamp };
    const deliveries = db
      .prepare("SELECT * FROM deliveries WHERE event_number = ? ORDER BY id")
      .all(eventNumber) as Record<string, unknown>[];
    const fanOut = deliveries.length;
    const step = Math.max(1, Math.floor((input.toMs - input.fromMs) / Math.max(1, input.events)));
    // Rows of history event n: the event, its deliveries m = n * fanOut + k and their attempts m.
    const common = `WITH RECURSIVE seq(n) AS (SELECT @lo UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < @hi),
      at AS (SELECT n, @from + n * @step AS t FROM seq),
      timed AS MATERIALIZED (SELECT n, t, ${encodeTimeSql("t")} AS tcode, strftime('%Y-%m-%dT%H:%M:%fZ', t / 1000.0, 'unixepoch') AS iso FROM at)`;
    // Events and deliveries are numbered after the last ones stored.
    const next = (table: string, key: string) =>
      db.prepare(`SELECT coalesce(max(${key}), 0) + 1 FROM ${table}`).pluck().get() as number;
    const firstEvent = next("events", "number");
    const firstDelivery = next("deliveries", "id");
    const newIds = (m: string) => ({
      event: idSql(COPIED.events, "n"),
      eventNumber: `(${firstEvent} + n)`,
      deliveryNumber: `(${firstDelivery} + ${m})`,
      attempt: idSql(COPIED.attempts, m),
    });
    const insert = (
      table: CopiedTable,
      template: Record<string, unknown>,
      ids: Record<string, string>,
      from: string,
    ) => {
      const columns = columnsOf(db, table);
      const list = selectList(columns, template, ids, newIds("(n * @fanOut + tpl.k)"), templateEvent);
      const names = columns.map((c) => `"${c.name}"`).join(", ");
      return `INSERT INTO ${table} (${names}) ${common} SELECT ${list} FROM timed CROSS JOIN ${from}`;
    };
    // The template deliveries numbered k = 0.. in id order, and their attempts with the same k.
    const numbered = `(SELECT id AS kid, row_number() OVER (ORDER BY id) - 1 AS k FROM deliveries WHERE event_number = ${eventNumber})`;
    const first = deliveries[0] as Record<string, unknown>;
    const attempt = db.prepare("SELECT * FROM attempts WHERE delivery_id = ?").get(first.id) as
      | Record<string, unknown>
      | undefined;
    if (attempt === undefined) throw new Error("bench: the template delivery has no attempt");
    const statements = [
      insert(
        "events",
        event,
        { event: eventId },
        `(SELECT *, 0 AS k FROM events WHERE id = '${eventId}') AS tpl`,
      ),
      insert(
        "deliveries",
        first,
        { event: eventId },
        `(SELECT d.*, x.k FROM deliveries d JOIN ${numbered} x ON x.kid = d.id) AS tpl`,
      ),
      insert(
        "attempts",
        attempt,
        { event: eventId, attempt: attempt.id as string },
        `(SELECT a.*, x.k FROM attempts a JOIN ${numbered} x ON x.kid = a.delivery_id) AS tpl`,
      ),
    ];
    const prepared = statements.map((sql) => db.prepare(sql));
    const fill = db.transaction((lo: number, hi: number) => {
      for (const statement of prepared) {
        statement.run({ lo, hi, from: input.fromMs, step, tplTime: createdAt, fanOut });
      }
    });
    let written = 0;
    while (written < input.events && Date.now() < (input.deadline ?? Number.POSITIVE_INFINITY)) {
      const hi = Math.min(input.events, written + EVENTS_PER_TRANSACTION);
      fill(written, hi);
      written = hi;
    }
    // As the service's publishes would have: the copies' candidate ids indexed, the mark past them.
    db.transaction(() =>
      indexCandidatesThrough(
        createSqliteContext(db),
        db.prepare("SELECT coalesce(max(number), 0) FROM events").pluck().get() as number,
      ),
    )();
    db.pragma("journal_mode = WAL");
    const notCopied = tablesReferencing(db, Object.keys(COPIED));
    db.close();
    // Written without syncs, the file is gigabytes of dirty pages: flushed now, so that the kernel's
    // write-back is not measured as the service's slowness in the phase that follows.
    const fd = openSync(databaseFile, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return {
      events: written,
      deliveries: written * fanOut,
      attempts: written * fanOut,
      fillMs: Date.now() - began,
      notCopied,
    };
  } finally {
    if (db.open) db.close();
  }
}

/** Tables other than `copied` with a foreign key to one of them: their rows are not multiplied. */
function tablesReferencing(db: Database.Database, copied: readonly string[]): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return tables.filter(
    (table) =>
      !copied.includes(table) &&
      (db.prepare(`PRAGMA foreign_key_list(${table})`).all() as { table: string }[]).some((fk) =>
        copied.includes(fk.table),
      ),
  );
}
