import type { Database, Statement } from "better-sqlite3";
import { type CircuitSettings, defaultCircuitSettings } from "../../domain/circuit-rule.js";

/**
 * What every part of the SQLite store shares: the connection and its prepared statements. Statements
 * are prepared on first use (the tables may not exist before `migrate()`) and then reused.
 */
export interface SqliteContext {
  readonly db: Database;
  statement(sql: string): Statement;
  /** The circuit breaker's thresholds, applied as attempts are recorded. */
  readonly circuit?: CircuitSettings;
}

export function createSqliteContext(
  db: Database,
  circuit: CircuitSettings = defaultCircuitSettings,
): SqliteContext {
  const prepared = new Map<string, Statement>();
  return {
    db,
    circuit,
    statement(sql) {
      let statement = prepared.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql);
        prepared.set(sql, statement);
      }
      return statement;
    },
  };
}

/** better-sqlite3 binds Buffers; this views a Uint8Array's bytes as one without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
