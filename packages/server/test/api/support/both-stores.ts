import { makePostgresTestStore, requirePostgres } from "../../support/postgres.js";
import type { HarnessOptions } from "./api-harness.js";

/** One store an API test runs on: the harness's SQLite file, or a fresh PostgreSQL schema. */
export interface StoreUnderTest {
  readonly name: "sqlite" | "postgres";
  /** Harness options that open this store (none for SQLite, the harness's default). */
  readonly options: HarnessOptions;
}

/**
 * Both stores, for behaviour that must not depend on the engine. PostgreSQL is left out (with the
 * loud warning of `requirePostgres`) only where it is unreachable, and never under `CI=true`.
 */
export async function storesUnderTest(testFile: string): Promise<StoreUnderTest[]> {
  const sqlite: StoreUnderTest = { name: "sqlite", options: {} };
  const availability = await requirePostgres(testFile);
  if (!availability.run) return [sqlite];
  return [sqlite, { name: "postgres", options: { openStore: () => makePostgresTestStore() } }];
}
