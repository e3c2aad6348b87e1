import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.js";
import type { NewEvent } from "../../src/domain/types.js";
import type { ClaimedDelivery } from "../../src/store/port.js";
import { notifyChannel, openPostgresStore, type PostgresStore } from "../../src/store/postgres/index.js";
import { migrations } from "../../src/store/postgres/migrations/index.js";
import {
  dropSchema,
  freshSchemaName,
  makePostgresTestStore,
  postgresTestUrl,
  requirePostgres,
} from "../support/postgres.js";
import { waitFor } from "../support/wait-for.js";
import {
  claimAll,
  givenAccount,
  givenEndpoint,
  LEASE_MS,
  newEvent,
  publishOne,
  T0,
} from "./conformance/fixtures.js";
import { describeStoreConformance } from "./conformance.js";

const availability = await requirePostgres("packages/server/test/store/postgres-store.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

/**
 * What a test opened, closed after it even when it fails, in list order: connections are put first
 * (unshift), schema cleanups last (push), so a schema is dropped once nothing uses it.
 */
const openedThisTest: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of openedThisTest.splice(0)) await close();
});

async function freshStore(poolSize = 4): Promise<{ store: PostgresStore; schema: string }> {
  const made = await makePostgresTestStore({ poolSize });
  openedThisTest.push(made.cleanup);
  return made;
}

/** A second store (its own pool) on the schema of another: another process, as far as PostgreSQL knows. */
function secondStoreOn(schema: string, poolSize = 4): PostgresStore {
  const store = openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize });
  openedThisTest.unshift(() => store.close());
  return store;
}

async function rawClient(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: postgresTestUrl(), options: `-c search_path=${schema}` });
  client.on("error", () => {});
  await client.connect();
  openedThisTest.unshift(() => client.end().catch(() => {}));
  return client;
}

/** One account and endpoint, then `count` events published in one call: `count` pending deliveries due at T0. */
async function givenPendingDeliveries(store: PostgresStore, count: number): Promise<{ accountId: string }> {
  const account = await givenAccount(store);
  await givenEndpoint(store, account.id, ["candidate.added"]);
  const events: NewEvent[] = Array.from({ length: count }, () => newEvent("candidate.added"));
  const outcome = await store.publish({
    accountId: account.id,
    idempotencyKey: null,
    events,
    campaignId: null,
    now: T0,
  });
  expect(outcome.kind).toBe("published");
  return { accountId: account.id };
}

/** Rejects if `promise` has not settled within `ms`: a claim that waits on a lock must fail the test, not hang it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describeWithPostgres("PostgreSQL store", () => {
  describeStoreConformance("PostgreSQL", async (options = {}) => {
    const schema = freshSchemaName();
    const open = () =>
      openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 2, ...options });
    return { store: open(), cleanup: () => dropSchema(schema), openAnother: open };
  });

  describe("claims across processes", () => {
    it("never hands the same delivery to two claimers working at once on two pools", async () => {
      const { store, schema } = await freshStore();
      const other = secondStoreOn(schema);
      const total = 300;
      await givenPendingDeliveries(store, total);

      // Four claim loops per pool, all at once, in batches of 10: they collide on the same due rows.
      const claimLoop = async (claimer: PostgresStore, workerId: string): Promise<ClaimedDelivery[]> => {
        const mine: ClaimedDelivery[] = [];
        // A claim that finds nothing means every due row is leased, or locked by a claim that will lease it.
        for (let round = 0; round < 200; round++) {
          const batch = await claimer.claimDueDeliveries({ workerId, now: T0, leaseMs: LEASE_MS, limit: 10 });
          if (batch.length === 0) break;
          mine.push(...batch);
        }
        return mine;
      };
      const loops = await Promise.all([
        ...[1, 2, 3, 4].map((n) => claimLoop(store, `worker-a${n}`)),
        ...[1, 2, 3, 4].map((n) => claimLoop(other, `worker-b${n}`)),
      ]);

      const claimedIds = loops.flat().map((claimed) => claimed.deliveryId);
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      expect(claimedIds.length).toBe(total);
      const fromA = loops.slice(0, 4).flat().length;
      const fromB = loops.slice(4).flat().length;
      expect(fromA).toBeGreaterThan(0);
      expect(fromB).toBeGreaterThan(0);
    });

    it("skips rows another transaction has locked instead of waiting for them", async () => {
      const { store, schema } = await freshStore();
      await givenPendingDeliveries(store, 8);
      const locker = await rawClient(schema);
      await locker.query("BEGIN");
      const locked = await locker.query<{ id: string }>(
        "SELECT id FROM deliveries WHERE status = 'pending' ORDER BY next_attempt_at, id LIMIT 3 FOR UPDATE",
      );
      const lockedIds = locked.rows.map((row) => row.id);
      expect(lockedIds).toHaveLength(3);

      let claimed: ClaimedDelivery[];
      try {
        claimed = await within(
          5_000,
          "a claim beside locked rows",
          store.claimDueDeliveries({ workerId: "w", now: T0, leaseMs: LEASE_MS, limit: 100 }),
        );
      } finally {
        await locker.query("ROLLBACK"); // lets a claim that waited finish, so cleanup does not hang
      }
      expect(claimed).toHaveLength(5);
      for (const id of lockedIds) expect(claimed.map((c) => c.deliveryId)).not.toContain(id);

      const rest = await claimAll(store, "w2", T0);
      expect(rest.map((c) => c.deliveryId).sort()).toEqual([...lockedIds].sort());
    });

    it("makes a dead worker's deliveries claimable by another process once the lease expires", async () => {
      const { store, schema } = await freshStore();
      const other = secondStoreOn(schema);
      await givenPendingDeliveries(store, 3);
      const held = await claimAll(store, "dead-worker", T0);
      expect(held).toHaveLength(3);
      expect(await claimAll(other, "live-worker", T0 + LEASE_MS - 1)).toHaveLength(0);
      const retaken = await claimAll(other, "live-worker", T0 + LEASE_MS);
      expect(retaken.map((c) => c.deliveryId).sort()).toEqual(held.map((c) => c.deliveryId).sort());
      expect(retaken.every((c) => c.attemptNumber === 1)).toBe(true);
    });
  });

  describe("migrations", () => {
    it("succeed when several processes migrate the same new schema at once, each applied once", async () => {
      const schema = freshSchemaName();
      openedThisTest.push(() => dropSchema(schema));
      const stores = [1, 2, 3, 4].map(() => secondStoreOn(schema, 1));
      await Promise.all(stores.map((store) => store.migrate()));

      const client = await rawClient(schema);
      const applied = await client.query<{ version: number; name: string }>(
        "SELECT version, name FROM schema_migrations ORDER BY version",
      );
      expect(applied.rows).toEqual(migrations.map(({ version, name }) => ({ version, name })));
      const [first, second] = stores;
      await first?.createAccount({ id: "acc_1", name: "A", creditsThreshold: 10, createdAt: T0 });
      expect(await second?.getAccount("acc_1")).toEqual({
        id: "acc_1",
        name: "A",
        creditsThreshold: 10,
        createdAt: T0,
      });
    });

    it("is a no-op the second time and keeps the data", async () => {
      const { store, schema } = await freshStore();
      const account = await givenAccount(store);
      await store.migrate();
      await secondStoreOn(schema).migrate();
      expect(await store.getAccount(account.id)).toEqual(account);
    });

    it("keeps its schema when the connection string carries its own `options`", async () => {
      const schema = freshSchemaName();
      openedThisTest.push(() => dropSchema(schema));
      const url = new URL(postgresTestUrl());
      url.searchParams.set("options", "-c statement_timeout=4321");
      const store = openPostgresStore({ connectionString: url.toString(), schema, poolSize: 1 });
      openedThisTest.unshift(() => store.close());
      await store.migrate();
      await store.createAccount({ id: "acc_1", name: "A", creditsThreshold: 10, createdAt: T0 });

      const client = await rawClient("public");
      const inSchema = await client.query(`SELECT count(*)::int AS count FROM ${schema}.accounts`);
      expect(inSchema.rows).toEqual([{ count: 1 }]);
    });

    it("still applies the `options` of the connection string", async () => {
      const url = new URL(postgresTestUrl());
      url.searchParams.set("options", "-c default_transaction_read_only=on");
      const store = openPostgresStore({
        connectionString: url.toString(),
        schema: freshSchemaName(),
        poolSize: 1,
      });
      openedThisTest.unshift(() => store.close());
      await expect(store.migrate()).rejects.toThrow(/read-only transaction/);
    });

    it("refuses a schema name that is not a plain identifier", () => {
      expect(() =>
        openPostgresStore({ connectionString: postgresTestUrl(), schema: "x; DROP TABLE y" }),
      ).toThrow(/voicehire-webhooks: the PostgreSQL schema name/);
    });
  });

  describe("waking workers with LISTEN/NOTIFY", () => {
    it("wakes a listener of another pool when a publish makes deliveries, not when it makes none", async () => {
      const { store, schema } = await freshStore();
      const worker = secondStoreOn(schema);
      let wakes = 0;
      const listener = await worker.listenForWork(() => {
        wakes++;
      });
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, ["campaign.created"]);

      await publishOne(store, account.id, "candidate.added"); // no subscriber: no delivery, no wake
      await listener.ping(); // every notification committed before the ping has been handled
      expect(wakes).toBe(0);
      await publishOne(store, account.id, "campaign.created");
      await waitFor("the listener to wake", () => wakes > 0, 5_000);
      await listener.ping();
      expect(wakes).toBe(1);
    });

    it("wakes listeners when leases are released, so other workers take the work back", async () => {
      const { store, schema } = await freshStore();
      await givenPendingDeliveries(store, 2);
      await claimAll(store, "leaving-worker", T0);
      let wakes = 0;
      const listener = await secondStoreOn(schema).listenForWork(() => {
        wakes++;
      });
      await store.releaseLeases("leaving-worker");
      await waitFor("the release to wake the listener", () => wakes > 0, 5_000);
      expect(await claimAll(store, "staying-worker", T0 + 1)).toHaveLength(2);
      await listener.close();
    });

    it("only wakes listeners of the same schema", async () => {
      const first = await freshStore();
      const second = await freshStore();
      let wakes = 0;
      const listener = await first.store.listenForWork(() => {
        wakes++;
      });
      const accountA = await givenAccount(first.store);
      await givenEndpoint(first.store, accountA.id, ["campaign.created"]);
      const accountB = await givenAccount(second.store);
      await givenEndpoint(second.store, accountB.id, ["campaign.created"]);

      await publishOne(second.store, accountB.id, "campaign.created");
      await listener.ping();
      expect(wakes).toBe(0);
      await publishOne(first.store, accountA.id, "campaign.created");
      await waitFor("the listener of the publishing schema", () => wakes > 0, 5_000);
    });

    it("reconnects after losing its connection, wakes once reconnected, and keeps listening", async () => {
      const { store, schema } = await freshStore();
      let wakes = 0;
      const errors: Error[] = [];
      await store.listenForWork(
        () => {
          wakes++;
        },
        (error) => errors.push(error),
      );
      const admin = await rawClient(schema);
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1",
        [`voicehire-webhooks listen ${schema}`],
      );
      expect(killed.rows).toEqual([{ done: true }]);
      await waitFor("the listener to notice the lost connection", () => errors.length > 0, 5_000);
      await waitFor(
        "the reconnected listener to wake (notices may have been missed)",
        () => wakes > 0,
        10_000,
      );

      const before = wakes;
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishOne(store, account.id, "campaign.created");
      await waitFor("a wake on the new connection", () => wakes > before, 5_000);
      const listening = await admin.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1",
        [`voicehire-webhooks listen ${schema}`],
      );
      expect(listening.rows[0]?.count).toBe(1);
    });

    it("publishes on the exported channel name", async () => {
      const { store, schema } = await freshStore();
      const listener = await rawClient(schema);
      const payloads: (string | undefined)[] = [];
      listener.on("notification", (message) => {
        if (message.channel === notifyChannel) payloads.push(message.payload);
      });
      await listener.query(`LISTEN ${notifyChannel}`);
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishOne(store, account.id, "campaign.created");
      await waitFor("a notification", () => payloads.length > 0, 5_000);
      // Other test files publish on the same channel at the same time, each in its own schema.
      expect(payloads.filter((payload) => payload === schema)).toEqual([schema]);
    });
  });

  describe("PostgreSQL specifics", () => {
    it("never leaves a pending delivery to an endpoint deleted while a publish fans out to it", async () => {
      const { store, schema } = await freshStore();
      const other = secondStoreOn(schema);
      const account = await givenAccount(store);
      for (let round = 0; round < 15; round++) {
        const endpoint = await givenEndpoint(store, account.id, ["campaign.created"], {
          id: newId("ep", T0),
        });
        await Promise.all([
          publishOne(store, account.id, "campaign.created", T0 + round),
          other.deleteEndpoint(account.id, endpoint.id, T0 + round),
        ]);
        const pending = await store.listDeliveries(account.id, {
          limit: 10,
          endpointId: endpoint.id,
          status: "pending",
        });
        expect(pending).toEqual([]);
      }
    });

    it("records every attempt of a batch holding two results for one delivery, and moves it by the first", async () => {
      const { store } = await freshStore();
      const { accountId } = await givenPendingDeliveries(store, 1);
      const [claimed] = await claimAll(store, "w", T0);
      if (!claimed) throw new Error("expected a claim");
      const attempt = (startedAt: number, statusCode: number) => ({
        id: newId("att", startedAt),
        deliveryId: claimed.deliveryId,
        attemptNumber: 1,
        startedAt,
        durationMs: 5,
        statusCode,
        errorKind: statusCode === 200 ? null : ("http_status" as const),
        errorMessage: null,
        responseExcerpt: null,
      });
      await store.recordAttemptResults([
        {
          workerId: "w",
          attempt: attempt(T0 + 1, 500),
          next: { status: "pending", nextAttemptAt: T0 + 60_000 },
        },
        { workerId: "w", attempt: attempt(T0 + 2, 200), next: { status: "succeeded" } },
      ]);
      const delivery = await store.getDelivery(accountId, claimed.deliveryId);
      expect(delivery).toMatchObject({ status: "pending", attemptCount: 1, nextAttemptAt: T0 + 60_000 });
      expect(delivery?.lastStatusCode).toBe(500);
      expect((await store.listAttempts(accountId, claimed.deliveryId)).map((a) => a.statusCode)).toEqual([
        500, 200,
      ]);
    });

    it("stores fractional times (a jittered retry) as whole milliseconds", async () => {
      const { store } = await freshStore();
      const { accountId } = await givenPendingDeliveries(store, 1);
      const [claimed] = await claimAll(store, "w", T0 + 0.4);
      if (!claimed) throw new Error("expected a claim");
      await store.recordAttemptResults([
        {
          workerId: "w",
          attempt: {
            id: newId("att", T0),
            deliveryId: claimed.deliveryId,
            attemptNumber: 1,
            startedAt: T0 + 0.3,
            durationMs: 12.7,
            statusCode: 503,
            errorKind: "http_status",
            errorMessage: "HTTP 503",
            responseExcerpt: null,
          },
          next: { status: "pending", nextAttemptAt: T0 + 60_000.6 },
        },
      ]);
      const delivery = await store.getDelivery(accountId, claimed.deliveryId);
      expect(delivery?.nextAttemptAt).toBe(T0 + 60_001);
      expect(delivery?.updatedAt).toBe(T0 + 13);
      const [attempt] = await store.listAttempts(accountId, claimed.deliveryId);
      expect(attempt?.startedAt).toBe(T0);
      expect(attempt?.durationMs).toBe(12.7);
    });
  });
});
