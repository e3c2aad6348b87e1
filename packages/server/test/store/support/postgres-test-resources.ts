import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, describe, expect } from "vitest";
import type { NewEvent } from "../../../src/domain/types.js";
import { openPostgresStore, type PostgresStore } from "../../../src/store/postgres/index.js";
import {
  dropSchema,
  makePostgresTestStore,
  postgresTestUrl,
  requirePostgres,
} from "../../support/postgres.js";
import { givenAccount, givenEndpoint, newEvent, publishEvents } from "../conformance/fixtures.js";

/** `describe` for the file's tests, or `describe.skip` when PostgreSQL cannot be reached (`requirePostgres`). */
export async function describeIfPostgres(testFile: string) {
  return (await requirePostgres(testFile)).run ? describe : describe.skip;
}

/**
 * `describe(title)` inside "PostgreSQL store", as every PostgreSQL test file names its tests, with what
 * its tests open closed after each (`usePostgresResources`); skipped when PostgreSQL cannot be reached.
 */
export async function describePostgresStore(
  testFileUrl: string,
  title: string,
  tests: (resources: PostgresTestResources) => void,
): Promise<void> {
  const describeWithPostgres = await describeIfPostgres(relative(process.cwd(), fileURLToPath(testFileUrl)));
  describeWithPostgres("PostgreSQL store", () => {
    describe(title, () => tests(usePostgresResources()));
  });
}

/** What a PostgreSQL test opens against the shared server, each thing closed or dropped after it. */
export interface PostgresTestResources {
  /** A migrated store in a schema of its own. */
  freshStore(poolSize?: number): Promise<{ store: PostgresStore; schema: string }>;
  /** A second store (its own pool) on the schema of another: another process, as far as PostgreSQL knows. */
  secondStoreOn(schema: string, poolSize?: number): PostgresStore;
  /** A fresh store and a second one on its schema: two processes sharing one database. */
  twoProcesses(): Promise<{ store: PostgresStore; schema: string; other: PostgresStore }>;
  /** A plain client whose search_path is `schema`. */
  rawClient(schema: string): Promise<pg.Client>;
  /** Runs `close` after the test, before any schema is dropped. */
  closeAfter(close: () => Promise<void>): void;
  /** Drops `schema` after the test, once nothing uses it. */
  dropAfter(schema: string): void;
}

/**
 * Registers, for the calling file, closing what each test opened even when it fails, in list order:
 * connections are put first (unshift), schema cleanups last (push), so a schema is dropped once
 * nothing uses it.
 */
export function usePostgresResources(): PostgresTestResources {
  const openedThisTest: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of openedThisTest.splice(0)) await close();
  });
  const closeAfter = (close: () => Promise<void>) => {
    openedThisTest.unshift(close);
  };
  const freshStore = async (poolSize = 4) => {
    const made = await makePostgresTestStore({ poolSize });
    openedThisTest.push(made.cleanup);
    return made;
  };
  const secondStoreOn = (schema: string, poolSize = 4) => {
    const store = openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize });
    closeAfter(() => store.close());
    return store;
  };
  return {
    freshStore,
    secondStoreOn,
    async twoProcesses() {
      const { store, schema } = await freshStore();
      return { store, schema, other: secondStoreOn(schema) };
    },
    async rawClient(schema) {
      const client = new pg.Client({
        connectionString: postgresTestUrl(),
        options: `-c search_path=${schema}`,
      });
      client.on("error", () => {});
      await client.connect();
      closeAfter(() => client.end().catch(() => {}));
      return client;
    },
    closeAfter,
    dropAfter(schema) {
      openedThisTest.push(() => dropSchema(schema));
    },
  };
}

/** One account and endpoint, then `count` events published in one call: `count` pending deliveries due at T0. */
export async function givenPendingDeliveries(
  store: PostgresStore,
  count: number,
): Promise<{ accountId: string }> {
  const account = await givenAccount(store);
  await givenEndpoint(store, account.id, ["candidate.added"]);
  const events: NewEvent[] = Array.from({ length: count }, () => newEvent("candidate.added"));
  const outcome = await publishEvents(store, account.id, events);
  expect(outcome.kind).toBe("published");
  return { accountId: account.id };
}

/** Rejects if `promise` has not settled within `ms`: a claim that waits on a lock must fail the test, not hang it. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
