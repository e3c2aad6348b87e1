import type { Database } from "better-sqlite3";
import type pg from "pg";

/** One PostgreSQL table to fill: where its rows come from in the SQLite file, and how to convert them. */
export interface TableTransfer {
  readonly table: string;
  /** The PostgreSQL columns written, in the order of `sourceSql`'s result columns. */
  readonly columns: readonly string[];
  /** PostgreSQL `data_type` of each column (`boolean`, `bytea`, `jsonb`, `bigint`, ...). */
  readonly types: readonly string[];
  readonly sourceSql: string;
}

/**
 * Tables that exist only in PostgreSQL and are filled from columns of another SQLite table: endpoint
 * health lives on the endpoint row in SQLite and in its own table in PostgreSQL (see migrations 002).
 */
const DERIVED_TABLES: Readonly<
  Record<string, { readonly from: string; readonly columns: Readonly<Record<string, string>> }>
> = {
  endpoint_health: {
    from: "endpoints",
    columns: {
      endpoint_id: "id",
      failing_since: "failing_since",
      last_success_at: "last_success_at",
      last_failure_at: "last_failure_at",
    },
  },
};

/**
 * PostgreSQL columns spelled out from what the embedded store keeps elsewhere: an attempt's user agent
 * by number in `user_agents` (SQLite migration 015), a delivery's event type on its event (016), and
 * since 017 a delivery's account on its endpoint, its event's id from the number it names it by, and its
 * public id from its number (`public_id`), which its attempts name it by. Each is read so when the SQLite table lacks the column, or when the file has
 * the column it `replaces` (`table.column`; the table's own when no table is named).
 */
const SPELLED_OUT_COLUMNS: Readonly<
  Record<string, Readonly<Record<string, { readonly replaces?: string; readonly sql: string }>>>
> = {
  attempts: {
    user_agent: {
      replaces: "user_agent_id",
      sql: "(SELECT u.value FROM user_agents u WHERE u.id = attempts.user_agent_id)",
    },
    delivery_id: {
      replaces: "deliveries.given_id",
      sql: "(SELECT d.public_id FROM deliveries d WHERE d.id = attempts.delivery_id)",
    },
  },
  deliveries: {
    event_type: { sql: "(SELECT e.type FROM events e WHERE e.number = deliveries.event_number)" },
    event_id: {
      replaces: "event_number",
      sql: "(SELECT e.id FROM events e WHERE e.number = deliveries.event_number)",
    },
    account_id: { sql: "(SELECT en.account_id FROM endpoints en WHERE en.id = deliveries.endpoint_id)" },
    id: { replaces: "given_id", sql: "public_id" },
  },
};

/** `table.column` of a `replaces`, the column being of `table` when no table is named. */
function replacedColumn(table: string, replaces: string): { table: string; column: string } {
  const [first, second] = replaces.split(".");
  return second === undefined ? { table, column: replaces } : { table: first as string, column: second };
}

/**
 * Tables of bookkeeping, never copied: each side keeps its own. `delivery_order_sequence` is the
 * embedded store's publish-order counter; PostgreSQL has a sequence instead (moved past the copied
 * numbers by the copy). `lease_owners` numbers the embedded store's workers, whose leases the copy
 * gives back; `user_agents` is spelled out in the attempts (above). `event_candidates` and its mark are
 * the embedded store's index of candidate ids (migration 018); PostgreSQL indexes the events' column.
 */
const NOT_COPIED = new Set([
  "schema_migrations",
  "delivery_order_sequence",
  "lease_owners",
  "user_agents",
  "event_candidates",
  "event_candidates_mark",
]);

/** Columns by which the embedded store numbers rows that PostgreSQL keys by id (migration 017). */
const EMBEDDED_NUMBERS = ["events.number"];

interface PgColumn {
  readonly table_name: string;
  readonly column_name: string;
  readonly data_type: string;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The SQLite tables (internal ones aside) and their columns. */
function sqliteTables(source: Database): Map<string, string[]> {
  const names = source
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return new Map(
    names.map((name) => [
      name,
      (source.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string }[]).map((c) => c.name),
    ]),
  );
}

/** Tables ordered so that every table comes after the tables its foreign keys reference. */
function parentsFirst(
  tables: readonly string[],
  references: readonly { child: string; parent: string }[],
): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const remaining = new Set(tables);
  for (let round = 0; round <= tables.length && remaining.size > 0; round++) {
    for (const table of [...remaining].sort()) {
      const waitsFor = references.some(
        (r) => r.child === table && r.parent !== table && remaining.has(r.parent) && !placed.has(r.parent),
      );
      if (waitsFor) continue;
      ordered.push(table);
      placed.add(table);
      remaining.delete(table);
    }
  }
  if (remaining.size > 0) {
    throw new Error(`voicehire-webhooks: foreign keys form a cycle between ${[...remaining].join(", ")}`);
  }
  return ordered;
}

/**
 * Plans the copy from both schemas as they are (both migrated to the same version beforehand): every
 * PostgreSQL table, parents first, with the columns both sides have. Refuses, naming it, any SQLite
 * data that would have nowhere to go (a table or a non-empty column that PostgreSQL lacks).
 */
export async function planTransfer(
  source: Database,
  target: pg.ClientBase,
  schema: string,
): Promise<TableTransfer[]> {
  const columns = await target.query<PgColumn>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`,
    [schema],
  );
  const references = await target.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint c
     JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  const targetTables = new Map<string, PgColumn[]>();
  for (const column of columns.rows) {
    if (NOT_COPIED.has(column.table_name)) continue;
    const list = targetTables.get(column.table_name) ?? [];
    list.push(column);
    targetTables.set(column.table_name, list);
  }
  const sourceTables = sqliteTables(source);
  checkNothingIsLeftBehind(source, sourceTables, targetTables);

  const transfers: TableTransfer[] = [];
  for (const table of parentsFirst([...targetTables.keys()], references.rows)) {
    const targetColumns = targetTables.get(table) ?? [];
    const sourceColumns = sourceTables.get(table);
    const derived = DERIVED_TABLES[table];
    if (sourceColumns !== undefined) {
      const spelledOut = SPELLED_OUT_COLUMNS[table] ?? {};
      const sourceOf = (column: string) => {
        const stored = sourceColumns.includes(column);
        const spelling = spelledOut[column];
        if (spelling !== undefined) {
          const replaced =
            spelling.replaces === undefined ? undefined : replacedColumn(table, spelling.replaces);
          const keptElsewhere =
            replaced === undefined
              ? !stored
              : (sourceTables.get(replaced.table) ?? []).includes(replaced.column);
          if (keptElsewhere) return spelling.sql;
        }
        return stored ? quote(column) : undefined;
      };
      const shared = targetColumns.filter((c) => sourceOf(c.column_name) !== undefined);
      transfers.push({
        table,
        columns: shared.map((c) => c.column_name),
        types: shared.map((c) => c.data_type),
        sourceSql: `SELECT ${shared.map((c) => sourceOf(c.column_name)).join(", ")} FROM ${quote(table)}`,
      });
    } else if (derived !== undefined && sourceTables.has(derived.from)) {
      const fromColumns = sourceTables.get(derived.from) ?? [];
      const shared = targetColumns.filter((c) => fromColumns.includes(derived.columns[c.column_name] ?? ""));
      const selected = shared.map(
        (c) => `${quote(derived.columns[c.column_name] ?? "")} AS ${quote(c.column_name)}`,
      );
      const anyValue = shared
        .filter((c) => c.column_name !== "endpoint_id")
        .map((c) => `${quote(derived.columns[c.column_name] ?? "")} IS NOT NULL`);
      if (anyValue.length === 0) continue;
      transfers.push({
        table,
        columns: shared.map((c) => c.column_name),
        types: shared.map((c) => c.data_type),
        sourceSql: `SELECT ${selected.join(", ")} FROM ${quote(derived.from)} WHERE ${anyValue.join(" OR ")}`,
      });
    }
  }
  return transfers;
}

function checkNothingIsLeftBehind(
  source: Database,
  sourceTables: ReadonlyMap<string, readonly string[]>,
  targetTables: ReadonlyMap<string, readonly PgColumn[]>,
): void {
  const movedElsewhere = new Set<string>(EMBEDDED_NUMBERS);
  for (const [table, derived] of Object.entries(DERIVED_TABLES)) {
    if (!targetTables.has(table)) continue;
    for (const column of Object.values(derived.columns)) movedElsewhere.add(`${derived.from}.${column}`);
  }
  for (const [table, columns] of Object.entries(SPELLED_OUT_COLUMNS)) {
    for (const { replaces } of Object.values(columns)) {
      if (replaces === undefined) continue;
      const replaced = replacedColumn(table, replaces);
      movedElsewhere.add(`${replaced.table}.${replaced.column}`);
    }
  }
  for (const [table, sourceColumns] of sourceTables) {
    if (NOT_COPIED.has(table)) continue;
    const target = targetTables.get(table);
    if (target === undefined) {
      const rows = source
        .prepare(`SELECT count(*) FROM ${quote(table)}`)
        .pluck()
        .get() as number;
      if (rows > 0) {
        throw new Error(
          `voicehire-webhooks: the SQLite table ${table} (${rows} rows) has no PostgreSQL counterpart: ` +
            "upgrade both to the same version of voicehire-webhooks first",
        );
      }
      continue;
    }
    for (const column of sourceColumns) {
      if (target.some((c) => c.column_name === column) || movedElsewhere.has(`${table}.${column}`)) continue;
      const used = source
        .prepare(`SELECT count(*) FROM ${quote(table)} WHERE ${quote(column)} IS NOT NULL`)
        .pluck()
        .get();
      if ((used as number) > 0) {
        throw new Error(
          `voicehire-webhooks: the SQLite column ${table}.${column} holds data but PostgreSQL has no such column`,
        );
      }
    }
  }
}
