import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { acquireDataDirLock } from "../app/data-dir-lock.js";
import { copySqliteToPostgres } from "../store/transfer/copy-sqlite-to-postgres.js";
import { CliError } from "./cli-error.js";
import { createCopyProgress } from "./copy-progress.js";

interface MigrateStoreOptions {
  from: string;
  to?: string;
  schema?: string;
}

/**
 * `migrate-store --from <data-dir> --to <database-url>`: moves a deployment from the embedded store to
 * PostgreSQL (see docs/operations.md). The embedded store must be stopped: its lock is taken for the copy.
 */
export function registerMigrateStoreCommand(program: Command): void {
  program
    .command("migrate-store")
    .description("copy the embedded store (stopped) into an empty PostgreSQL database or schema")
    .requiredOption("--from <data-dir>", "the embedded store's folder (holds voicehire.sqlite)")
    .option("--to <database-url>", "the PostgreSQL database (DATABASE_URL)")
    .option("--schema <name>", "the PostgreSQL schema (VOICEHIRE_DATABASE_SCHEMA, default public)")
    .action(async (options: MigrateStoreOptions) => {
      const connectionString = options.to ?? process.env.DATABASE_URL;
      if (connectionString === undefined || connectionString === "") {
        throw new CliError("migrate-store needs --to <database-url> (or DATABASE_URL)");
      }
      const schema = options.schema ?? (process.env.VOICEHIRE_DATABASE_SCHEMA || "public");
      const dataDir = resolve(options.from);
      const sqliteFile = join(dataDir, "voicehire.sqlite");
      // Checked before taking the lock, which would create the missing folder.
      if (!existsSync(sqliteFile)) throw new CliError(`--from: no embedded store at ${sqliteFile}`);
      const lock = acquireDataDirLock(dataDir);
      const progress = createCopyProgress(process.stderr);
      try {
        const outcome = await copySqliteToPostgres({
          sqliteFile,
          connectionString,
          schema,
          onProgress: (table, rows) => progress.update(table, rows),
        });
        progress.finish();
        if (outcome.kind === "target_not_empty") {
          console.error(
            `voicehire-webhooks: the target schema ${schema} already holds ${outcome.accounts} account(s); ` +
              "migrate-store only fills an empty one (nothing was written)",
          );
          process.exitCode = 1;
          return;
        }
        for (const { table, rows } of outcome.tables) console.log(`${table.padEnd(28)} ${rows}`);
        console.log(`copied ${dataDir} into PostgreSQL schema ${schema}`);
      } finally {
        lock.release();
      }
    });
}
