/** Where progress goes: stderr, so that stdout keeps only the summary a script may read. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface CopyProgress {
  /** `copySqliteToPostgres`'s `onProgress`: a table and its rows copied so far. */
  update(table: string, rows: number): void;
  /** Ends the live line (on a terminal). */
  finish(): void;
}

/** Without a terminal, one line each time a table's count passes a multiple of this. */
export const PROGRESS_LINE_EVERY_ROWS = 10_000;

const BAR_WIDTH = 20;

/**
 * `migrate-store`'s progress on stderr: on a terminal, one live line per table (a moving bar, since the
 * total is only known once copied, and the rows so far); otherwise (a log file, CI) a plain line every
 * `everyRows` rows of a table, so a long copy is visibly alive without flooding the log.
 */
export function createCopyProgress(
  stream: ProgressStream,
  everyRows = PROGRESS_LINE_EVERY_ROWS,
): CopyProgress {
  let liveTable: string | null = null;
  const lastRows = new Map<string, number>();
  const endLiveLine = () => {
    if (liveTable !== null) stream.write("\n");
    liveTable = null;
  };
  return {
    update(table, rows) {
      const last = lastRows.get(table) ?? 0;
      lastRows.set(table, rows);
      if (stream.isTTY === true) {
        if (liveTable !== table) endLiveLine();
        liveTable = table;
        const filled = Math.floor(rows / 1000) % (BAR_WIDTH + 1);
        const bar = "#".repeat(filled).padEnd(BAR_WIDTH, ".");
        stream.write(`\r\x1b[K${table.padEnd(28)} [${bar}] ${rows.toLocaleString("en")} rows`);
        return;
      }
      if (Math.floor(rows / everyRows) > Math.floor(last / everyRows)) {
        stream.write(`${table}: ${rows.toLocaleString("en")} rows copied so far\n`);
      }
    },
    finish: endLiveLine,
  };
}
