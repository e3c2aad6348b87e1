import { resolve } from "node:path";
import { acquireDataDirLock, type DataDirLock } from "../app/data-dir-lock.js";
import { openConfiguredStore } from "../app/open-store.js";
import type { Store } from "../store/port.js";

export interface StoreOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * Opens the store the options (or the environment) name, runs `work`, and always closes it. The
 * embedded store is taken with its data folder's lock, as `serve` takes it: a command refuses a folder
 * that a running server owns (one process owns a data folder), and creates a folder that is missing.
 */
export async function withStore<T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const databaseUrl = options.databaseUrl ?? (process.env.DATABASE_URL || null);
  const dataDir = resolve(options.dataDir ?? (process.env.VOICEHIRE_DATA_DIR || ".voicehire-data"));
  const lock: DataDirLock | null = databaseUrl === null ? acquireDataDirLock(dataDir) : null;
  try {
    const { store } = await openConfiguredStore(
      { dataDir, databaseUrl, databaseSchema: process.env.VOICEHIRE_DATABASE_SCHEMA || "public" },
      { backgroundCheckpoints: false }, // open for one command: its commits are few
    );
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  } finally {
    lock?.release();
  }
}

export function storeOptions<T extends { option(flags: string, description: string): T }>(command: T): T {
  return command
    .option("--data-dir <dir>", "the embedded store's folder (VOICEHIRE_DATA_DIR, default .voicehire-data)")
    .option("--database-url <url>", "PostgreSQL instead of the embedded store (DATABASE_URL)");
}

/** Prints a use case's validation or not-found failure and sets a failing exit code. */
export function reportFailure(outcome: {
  kind: string;
  issues?: readonly { path: string; message: string }[];
}): void {
  const details = outcome.issues?.map((issue) => `${issue.path} ${issue.message}`).join("; ") ?? outcome.kind;
  console.error(`voicehire-webhooks: ${details}`);
  process.exitCode = 1;
}
