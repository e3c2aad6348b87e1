import { describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.js";
import { openPostgresStore } from "../../src/store/postgres/index.js";
import { dropSchema, freshSchemaName, postgresTestUrl } from "../support/postgres.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "./conformance/fixtures.js";
import { describeStoreConformance } from "./conformance.js";
import {
  describeIfPostgres,
  givenPendingDeliveries,
  usePostgresResources,
} from "./support/postgres-test-resources.js";

const describeWithPostgres = await describeIfPostgres("packages/server/test/store/postgres-store.test.ts");
const { freshStore, twoProcesses } = usePostgresResources();

/** The conformance suite on PostgreSQL, and what only PostgreSQL does (concurrent fan-out, bigint times). */
describeWithPostgres("PostgreSQL store", () => {
  describeStoreConformance("PostgreSQL", async (options = {}) => {
    const schema = freshSchemaName();
    const open = () =>
      openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 2, ...options });
    return { store: open(), cleanup: () => dropSchema(schema), openAnother: open };
  });

  describe("PostgreSQL specifics", () => {
    it("never leaves a pending delivery to an endpoint deleted while a publish fans out to it", async () => {
      const { store, other } = await twoProcesses();
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
