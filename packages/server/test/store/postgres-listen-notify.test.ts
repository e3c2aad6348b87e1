import { expect, it } from "vitest";
import { notifyChannel } from "../../src/store/postgres/index.js";
import { waitFor } from "../support/wait-for.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "./conformance/fixtures.js";
import { describePostgresStore, givenPendingDeliveries } from "./support/postgres-test-resources.js";

/** Waking the workers of other processes with LISTEN/NOTIFY. */
await describePostgresStore(
  import.meta.url,
  "waking workers with LISTEN/NOTIFY",
  ({ freshStore, twoProcesses, secondStoreOn, rawClient }) => {
    it("wakes a listener of another pool when a publish makes deliveries, not when it makes none", async () => {
      const { store, other: worker } = await twoProcesses();
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
  },
);
