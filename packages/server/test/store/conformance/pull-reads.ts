import { expect } from "vitest";
import type { EpochMs } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { expectSameBytes, utf8 } from "./bytes.js";
import { claimAll } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, publishEvents, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const DAY = 86_400_000;

async function givenPullEndpoint(store: Store, eventTypes: readonly string[] = ["campaign.created"]) {
  const account = await givenAccount(store);
  const endpoint = await givenEndpoint(store, account.id, eventTypes, { kind: "pull", url: "" });
  return { account, endpoint };
}

function read(
  store: Store,
  accountId: string,
  endpointId: string,
  afterPosition: number,
  limit = 100,
  now: EpochMs = T0,
) {
  return store.readPullEvents({ accountId, endpointId, afterPosition, limit, now });
}

/** Publishes `count` events of `campaign.created`, one publish each; answers their ids in order. */
async function publishSeveral(store: Store, accountId: string, count: number, now: EpochMs = T0) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await publishOne(store, accountId, "campaign.created", now)).eventId);
  return ids;
}

export function describePullReads(makeStore: MakeStore): void {
  describeWithFreshStores("pull endpoints (readPullEvents)", makeStore, (it) => {
    it("keeps a pull endpoint's events in publish order with their exact bytes, and no claim takes them", async (store) => {
      const { account, endpoint } = await givenPullEndpoint(store);
      const push = await givenEndpoint(store, account.id, ["campaign.created"]);
      const body = utf8(
        '{"id":"evt_x","event":"campaign.created","timestamp":"2024-01-15T10:30:00.000Z","data":{"é":1}}',
      );
      const first = newEvent("campaign.created", { body });
      const outcome = await publishEvents(store, account.id, [first]);
      expect(outcome.kind === "published" && outcome.events[0]?.deliveryCount).toBe(2);
      const later = await publishSeveral(store, account.id, 3);

      const claimed = await claimAll(store, "w", T0 + DAY);
      expect(claimed.map((c) => c.endpointId)).toEqual([push.id, push.id, push.id, push.id]);
      const page = await read(store, account.id, endpoint.id, 0);
      expect(page?.entries.map((e) => e.eventId)).toEqual([first.id, ...later]);
      expect(page?.entries.map((e) => e.position)).toEqual([1, 2, 3, 4]);
      expectSameBytes(page?.entries[0]?.body, body);
    });

    it("goes on after a position with exactly the rest; positions never change; an older one reads again", async (store) => {
      const { account, endpoint } = await givenPullEndpoint(store);
      const ids = await publishSeveral(store, account.id, 5);
      const firstPage = await read(store, account.id, endpoint.id, 0, 2);
      expect(firstPage?.entries.map((e) => e.eventId)).toEqual(ids.slice(0, 2));
      const after = firstPage?.entries.at(-1)?.position ?? -1;
      const rest = await read(store, account.id, endpoint.id, after, 100);
      expect(rest?.entries.map((e) => e.eventId)).toEqual(ids.slice(2));
      const more = await publishSeveral(store, account.id, 2);
      const last = rest?.entries.at(-1)?.position ?? -1;
      expect((await read(store, account.id, endpoint.id, last))?.entries.map((e) => e.eventId)).toEqual(more);
      const again = await read(store, account.id, endpoint.id, 0, 100);
      expect(again?.entries.map((e) => e.eventId)).toEqual([...ids, ...more]);
      expect(again?.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect((await read(store, account.id, endpoint.id, 7))?.entries).toEqual([]);
    });

    it("answers undefined for another account's endpoint, a push endpoint and a deleted one", async (store) => {
      const { account, endpoint } = await givenPullEndpoint(store);
      const other = await givenAccount(store, { name: "Globex" });
      const push = await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishSeveral(store, account.id, 2);
      expect(await read(store, other.id, endpoint.id, 0)).toBeUndefined();
      expect(await store.getPullBacklog(other.id, endpoint.id)).toBeUndefined();
      expect(await read(store, account.id, push.id, 0)).toBeUndefined();
      expect(await read(store, account.id, endpoint.id, 0)).toBeDefined();
      await store.deleteEndpoint(account.id, endpoint.id, T0 + 1);
      expect(await read(store, account.id, endpoint.id, 0)).toBeUndefined();
    });

    it("retention removes pull deliveries older than the cutoff, read or not, and keeps newer ones", async (store) => {
      const { account, endpoint } = await givenPullEndpoint(store);
      await publishSeveral(store, account.id, 3, T0);
      const kept = await publishSeveral(store, account.id, 2, T0 + 2 * DAY);
      await read(store, account.id, endpoint.id, 0, 1); // places all five, confirms nothing
      const outcome = await store.deleteExpired({ olderThan: T0 + DAY, batchSize: 500 });
      expect(outcome.deliveries).toBe(3);
      expect(outcome.events).toBe(3);
      const page = await read(store, account.id, endpoint.id, 0);
      expect(page?.entries.map((e) => e.eventId)).toEqual(kept);
      expect(page?.entries.map((e) => e.position)).toEqual([4, 5]);
    });

    it("counts the backlog after the furthest position a reader came back with, and when it last read", async (store) => {
      const { account, endpoint } = await givenPullEndpoint(store);
      expect(await store.getPullBacklog(account.id, endpoint.id)).toEqual({ pending: 0, lastReadAt: null });
      await publishSeveral(store, account.id, 4);
      expect(await store.getPullBacklog(account.id, endpoint.id)).toEqual({ pending: 4, lastReadAt: null });
      await read(store, account.id, endpoint.id, 0, 3, T0 + 10);
      expect(await store.getPullBacklog(account.id, endpoint.id)).toEqual({
        pending: 4,
        lastReadAt: T0 + 10,
      });
      await read(store, account.id, endpoint.id, 3, 3, T0 + 20);
      expect(await store.getPullBacklog(account.id, endpoint.id)).toEqual({
        pending: 1,
        lastReadAt: T0 + 20,
      });
      await read(store, account.id, endpoint.id, 99, 3, T0 + 30); // not a position we gave: confirms at most 4
      expect(await store.getPullBacklog(account.id, endpoint.id)).toEqual({
        pending: 0,
        lastReadAt: T0 + 30,
      });
    });

    it("reads going on while publishes commit never skip an event", async (store) => {
      const { account, endpoint } = await givenPullEndpoint(store);
      const published: string[] = [];
      const seen: string[] = [];
      let after = 0;
      const reads = async () => {
        for (let round = 0; round < 40; round++) {
          const page = await read(store, account.id, endpoint.id, after, 7);
          for (const entry of page?.entries ?? []) seen.push(entry.eventId);
          after = page?.entries.at(-1)?.position ?? after;
        }
      };
      const publishes = async () => {
        for (let i = 0; i < 40; i++) published.push(...(await publishSeveral(store, account.id, 1)));
      };
      await Promise.all([reads(), publishes()]);
      for (;;) {
        const page = await read(store, account.id, endpoint.id, after, 100);
        if (page === undefined || page.entries.length === 0) break;
        for (const entry of page.entries) seen.push(entry.eventId);
        after = page.entries.at(-1)?.position ?? after;
      }
      expect(seen).toEqual(published);
    });
  });
}
