import { resolve } from "node:path";
import { openConfiguredStore } from "../app/open-store.js";
import type { Store } from "../store/port.js";

export interface StoreOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Opens the store the options (or the environment) name, runs `work`, and always closes it. */
export async function withStore<T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const { store } = await openConfiguredStore({
    dataDir: resolve(options.dataDir ?? process.env.VOICEHIRE_DATA_DIR ?? ".voicehire-data"),
    databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL ?? null,
    databaseSchema: process.env.VOICEHIRE_DATABASE_SCHEMA || "public",
  });
  try {
    return await work(store);
  } finally {
    await store.close();
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
