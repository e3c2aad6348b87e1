import { describe, expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

export function describeEndpoints(makeStore: MakeStore): void {
  describeWithFreshStores("endpoint records", makeStore, (it) => {
    describe("endpoints", () => {
      it("reads back an endpoint exactly as created, event types in the order given", async (store) => {
        const account = await givenAccount(store);
        const endpoint = await givenEndpoint(
          store,
          account.id,
          ["credits.low", "campaign.created", "candidate.added"],
          {
            url: "https://ats.example.fr/hooks/voicehire?tenant=42",
            description: "ATS — production",
            enabled: false,
            sealedSecret: "v1.iv.tag.ciphertext",
            createdAt: T0 + 5,
            updatedAt: T0 + 6,
          },
        );
        expect(await store.getEndpoint(account.id, endpoint.id)).toEqual(endpoint);
        expect(await store.getEndpoint(account.id, newId("ep", T0))).toBeUndefined();
      });

      it("keeps an endpoint without secret and without event types", async (store) => {
        const { account, endpoint } = await givenAccountWithEndpoint(store, []);
        expect(await store.getEndpoint(account.id, endpoint.id)).toEqual(endpoint);
      });

      it("lists the account's endpoints oldest first", async (store) => {
        const account = await givenAccount(store);
        const other = await givenAccount(store);
        const newer = await givenEndpoint(store, account.id, ["campaign.created"], { createdAt: T0 + 20 });
        const older = await givenEndpoint(store, account.id, ["candidate.added"], { createdAt: T0 + 10 });
        await givenEndpoint(store, other.id, ["campaign.created"]);
        expect(await store.listEndpoints(account.id)).toEqual([older, newer]);
        expect(await store.listEndpoints(newId("acc", T0))).toEqual([]);
      });

      it("updates only the patched fields, sets updatedAt to now, and answers the new record", async (store) => {
        const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
          sealedSecret: "v1.a.b.c",
        });
        const renamed = await store.updateEndpoint(
          account.id,
          endpoint.id,
          { description: "renamed" },
          T0 + 100,
        );
        expect(renamed).toEqual({ ...endpoint, description: "renamed", updatedAt: T0 + 100 });

        const everything = await store.updateEndpoint(
          account.id,
          endpoint.id,
          {
            url: "https://new.example.com/in",
            eventTypes: ["candidate.interview.failed", "credits.depleted"],
            enabled: false,
            sealedSecret: "v1.d.e.f",
          },
          T0 + 200,
        );
        const expected = {
          ...endpoint,
          description: "renamed",
          url: "https://new.example.com/in",
          eventTypes: ["candidate.interview.failed", "credits.depleted"],
          enabled: false,
          disabledReason: "user",
          disabledAt: T0 + 200,
          sealedSecret: "v1.d.e.f",
          updatedAt: T0 + 200,
        };
        expect(everything).toEqual(expected);
        expect(await store.getEndpoint(account.id, endpoint.id)).toEqual(expected);
      });

      it("a null sealedSecret removes the secret; an absent one keeps it", async (store) => {
        const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
          sealedSecret: "v1.a.b.c",
        });
        expect(
          (await store.updateEndpoint(account.id, endpoint.id, { enabled: true }, T0 + 1))?.sealedSecret,
        ).toBe("v1.a.b.c");
        expect(
          (await store.updateEndpoint(account.id, endpoint.id, { sealedSecret: null }, T0 + 2))?.sealedSecret,
        ).toBe(null);
        expect((await store.getEndpoint(account.id, endpoint.id))?.sealedSecret).toBeNull();
      });

      it("updating an unknown endpoint answers undefined", async (store) => {
        const account = await givenAccount(store);
        expect(
          await store.updateEndpoint(account.id, newId("ep", T0), { description: "x" }, T0),
        ).toBeUndefined();
      });

      it("deletes an endpoint: gone from get and list; a second delete answers false", async (store) => {
        const { account, endpoint: kept } = await givenAccountWithEndpoint(store);
        const deleted = await givenEndpoint(store, account.id, ["campaign.created"]);
        expect(await store.deleteEndpoint(account.id, deleted.id, T0 + 10)).toBe(true);
        expect(await store.getEndpoint(account.id, deleted.id)).toBeUndefined();
        expect(await store.listEndpoints(account.id)).toEqual([kept]);
        expect(await store.deleteEndpoint(account.id, deleted.id, T0 + 20)).toBe(false);
        expect(
          await store.updateEndpoint(account.id, deleted.id, { enabled: true }, T0 + 30),
        ).toBeUndefined();
      });
    });
  });
}
