/**
 * Moving a deployment from the embedded store to PostgreSQL (`migrate-store`): everything the service
 * reads through the Store port reads the same after the copy, the pending work goes on, and a target
 * that already holds data is refused untouched.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { openPostgresStore } from "../../src/store/postgres/index.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { copySqliteToPostgres } from "../../src/store/transfer/copy-sqlite-to-postgres.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { runCli } from "../support/server-process.js";
import { claimAll, httpFailureOf, resultOf } from "./conformance/claim-fixtures.js";
import {
  creditStateSeenBy,
  givenAccount,
  givenEndpoint,
  newEvent,
  publishEvents,
  T0,
} from "./conformance/fixtures.js";

const availability = await requirePostgres("packages/server/test/store/migrate-store.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An embedded store with a bit of everything: keys, endpoints in every state, deliveries in every state. */
async function givenEmbeddedDeployment(): Promise<{ dataDir: string; file: string; accountId: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), "vh-migrate-store-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const file = join(dataDir, "voicehire.sqlite");
  const store = openSqliteStore({ file });
  try {
    await store.migrate();
    const account = await givenAccount(store, { creditsThreshold: 7 });
    await store.createApiKey({
      id: "key_01",
      accountId: account.id,
      kind: "account",
      hash: "ab".repeat(32),
      prefix: "vhk_abcdefgh",
      name: "ci",
      createdAt: T0,
      revokedAt: null,
    });
    const active = await givenEndpoint(store, account.id, ["campaign.created", "candidate.added"], {
      sealedSecret: "v1.sealed-secret-bytes",
    });
    await givenEndpoint(store, account.id, ["campaign.created"], {
      enabled: false,
      description: "paused",
      signingKey: { sealedPrivateKey: "v1.sealed-private-key", publicKey: "whpk_public" },
    });
    const doomed = await givenEndpoint(store, account.id, ["candidate.added"]);
    await store.publish({
      accountId: account.id,
      idempotencyKey: "publish-1",
      events: [newEvent("campaign.created"), newEvent("candidate.added"), newEvent("candidate.added")],
      campaignId: "cmp_42",
      now: T0,
    });
    await store.reportCreditBalance({
      accountId: account.id,
      balance: 50,
      campaignId: null,
      deriveEvents: () => [],
      now: T0,
    });
    await publishEvents(store, account.id, [newEvent("candidate.added")], T0 + 5);

    // Deliveries in every state: succeeded, failed, pending with a retry due later, leased (in flight).
    const claimed = await claimAll(store, "old-worker", T0 + 10);
    expect(claimed).toHaveLength(7);
    // The active endpoint's 4: one succeeds, one fails, one waits for a retry, one stays in flight.
    const [toSucceed, toFail, toRetry] = claimed.filter((c) => c.endpointId === active.id);
    if (toSucceed === undefined || toFail === undefined || toRetry === undefined)
      throw new Error("too few claims");
    await store.recordAttemptResults([
      resultOf("old-worker", toSucceed, { startedAt: T0 + 10, next: { status: "succeeded" } }),
      resultOf("old-worker", toFail, {
        startedAt: T0 + 10,
        statusCode: null,
        errorKind: "timeout",
        next: { status: "failed" },
      }),
      httpFailureOf("old-worker", toRetry, T0 + 10, 503, { status: "pending", nextAttemptAt: T0 + 60_000 }),
    ]);
    // The deleted endpoint's 3 in-flight deliveries fail.
    await store.deleteEndpoint(account.id, doomed.id, T0 + 20);
    return { dataDir, file, accountId: account.id };
  } finally {
    await store.close();
  }
}

/** Everything an account's API and the workers can read, through the port, for comparison. */
async function snapshot(store: Store, accountId: string) {
  const deliveries = await store.listDeliveries(accountId, { limit: 100 });
  const events = await Promise.all(
    [...new Set(deliveries.map((d) => d.eventId))].sort().map((id) => store.getEvent(accountId, id)),
  );
  return {
    account: await store.getAccount(accountId),
    keys: await store.listApiKeys(accountId),
    endpoints: await store.listEndpoints(accountId),
    deliveries,
    attempts: await Promise.all(deliveries.map((d) => store.listAttempts(accountId, d.id))),
    events: events.map((event) => event && { ...event, body: Buffer.from(event.body).toString("hex") }),
    counts: await store.countDeliveriesByStatus(),
    nextDueAt: await store.nextDueAt(),
  };
}

describeWithPostgres("migrate-store: from the embedded store to PostgreSQL", () => {
  function freshSchema(): string {
    const schema = freshSchemaName();
    cleanups.unshift(() => dropSchema(schema));
    return schema;
  }

  function openTarget(schema: string) {
    const store = openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 2 });
    cleanups.push(() => store.close());
    return store;
  }

  it("copies everything the port reads, byte for byte, and the work goes on where it stopped", async () => {
    const { file, accountId } = await givenEmbeddedDeployment();
    const schema = freshSchema();
    const source = openSqliteStore({ file });
    cleanups.push(() => source.close());
    await source.migrate();
    const before = await snapshot(source, accountId);

    const outcome = await copySqliteToPostgres({
      sqliteFile: file,
      connectionString: postgresTestUrl(),
      schema,
    });
    expect(outcome.kind).toBe("copied");
    const target = openTarget(schema);
    expect(await snapshot(target, accountId)).toEqual(before);
    expect(before.deliveries).toHaveLength(7);
    expect(before.counts).toEqual({ pending: 2, succeeded: 1, failed: 4 });

    // The idempotency key and the credit state came along.
    const again = await target.publish({
      accountId,
      idempotencyKey: "publish-1",
      events: [newEvent("campaign.created")],
      campaignId: null,
      now: T0 + 1_000,
    });
    expect(again.kind).toBe("duplicate");
    expect(await creditStateSeenBy(target, accountId, 49, T0 + 1_000)).toEqual({
      balance: 50,
      threshold: 7,
      lastCampaignId: "cmp_42",
    });

    // The old worker's lease was given back: its delivery is claimable at once; the retry when due.
    const sourceClaims = await claimAll(source, "new-worker", T0 + 11);
    const targetClaims = await claimAll(target, "new-worker", T0 + 11);
    expect(sourceClaims).toEqual([]);
    expect(targetClaims.map((c) => [c.attemptNumber, c.url])).toEqual([[1, before.endpoints[0]?.url]]);
    // At T0 + 60 s: the retry is due (attempt 2), and new-worker's own lease above has expired.
    const retried = await claimAll(target, "another-worker", T0 + 60_000);
    expect(retried.map((c) => c.attemptNumber).sort()).toEqual([1, 2]);
  });

  it("refuses a target that already holds data, writing nothing", async () => {
    const { file } = await givenEmbeddedDeployment();
    const schema = freshSchema();
    const target = openTarget(schema);
    await target.migrate();
    await givenAccount(target, { name: "Already here" });

    const outcome = await copySqliteToPostgres({
      sqliteFile: file,
      connectionString: postgresTestUrl(),
      schema,
    });
    expect(outcome).toEqual({ kind: "target_not_empty", accounts: 1 });
    expect((await target.listAccounts()).map((a) => a.name)).toEqual(["Already here"]);
    expect(await target.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
  });

  it("runs as `voicehire-webhooks migrate-store --from <data-dir> --to <url>`", async () => {
    const { dataDir, accountId } = await givenEmbeddedDeployment();
    const schema = freshSchema();
    const args = ["migrate-store", "--from", dataDir, "--to", postgresTestUrl(), "--schema", schema];
    const run = await runCli(args);
    expect(run.output).toMatch(/deliveries\s+7\n/);
    expect(run.code).toBe(0);
    const target = openTarget(schema);
    expect((await target.getAccount(accountId))?.creditsThreshold).toBe(7);

    const twice = await runCli(args);
    expect(twice.code).toBe(1);
    expect(twice.output).toContain("already holds 1 account(s)");
  });
});
