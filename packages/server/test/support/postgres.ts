import { randomBytes } from "node:crypto";
import pg from "pg";
import type { CircuitSettings } from "../../src/domain/circuit-rule.js";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/index.js";

/**
 * PostgreSQL for tests: the server at `DATABASE_URL` (default: this machine's, trust authentication).
 * Each store lives in a fresh schema `vh_test_<random>`, dropped on cleanup, so test files and tests
 * running at once never see each other's rows.
 */
export function postgresTestUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

/** True when a connection opens and answers within a few seconds. */
export async function isPostgresAvailable(url: string = postgresTestUrl()): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export type PostgresAvailability = { readonly run: true } | { readonly run: false; readonly reason: string };

/**
 * Whether this file's PostgreSQL tests run. Unreachable PostgreSQL skips them with a loud warning,
 * except under CI (`CI=true`), where it throws: there a skip would hide a failure.
 */
export async function requirePostgres(testFile: string): Promise<PostgresAvailability> {
  const url = postgresTestUrl();
  if (await isPostgresAvailable(url)) return { run: true };
  const reason = `PostgreSQL is not reachable at ${url.replace(/\/\/[^@/]*@/, "//<user>@")}`;
  if (process.env.CI === "true") {
    throw new Error(
      `voicehire-webhooks: ${reason}; CI=true makes the PostgreSQL tests mandatory (${testFile})`,
    );
  }
  console.warn(
    `\n*** SKIPPED PostgreSQL tests in ${testFile}: ${reason} (set DATABASE_URL to run them) ***\n`,
  );
  return { run: false, reason };
}

/** A fresh schema name; nothing is created until a store migrates into it. */
export function freshSchemaName(): string {
  return `vh_test_${randomBytes(6).toString("hex")}`;
}

export async function dropSchema(schema: string, url: string = postgresTestUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A migrated store in its own fresh schema; cleanup closes it and drops the schema. */
export async function makePostgresTestStore(
  options: { readonly schema?: string; readonly poolSize?: number; readonly circuit?: CircuitSettings } = {},
): Promise<{ store: PostgresStore; schema: string; cleanup(): Promise<void> }> {
  const schema = options.schema ?? freshSchemaName();
  const store = openPostgresStore({
    connectionString: postgresTestUrl(),
    schema,
    poolSize: options.poolSize ?? 4,
    ...(options.circuit ? { circuit: options.circuit } : {}),
  });
  await store.migrate();
  return {
    store,
    schema,
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}
