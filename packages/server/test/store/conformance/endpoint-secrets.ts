import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { Store } from "../../../src/store/port.js";
import { claimAll, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const HOUR = 3_600_000;

/** Management API: endpoint metadata and secret rotation, as the claim sees them. */
export function describeEndpointSecrets(makeStore: MakeStore): void {
  describeWithFreshStores("endpoint metadata and secret rotation", makeStore, (it) => {
    /** Publishes one event at `now`, claims its delivery and finishes it: the secrets it was claimed with. */
    async function claimedSecrets(store: Store, accountId: string, now: number): Promise<readonly string[]> {
      await publishOne(store, accountId, "campaign.created", now);
      const claimed = await claimAll(store, `w-${now}`, now);
      expect(claimed).toHaveLength(1);
      await store.recordAttemptResults(
        claimed.map((c) => resultOf(`w-${now}`, c, { startedAt: now, next: { status: "succeeded" } })),
      );
      return claimed[0]?.sealedSecrets ?? [];
    }

    it("reads metadata back as created, and an update replaces it whole", async (store) => {
      const account = await givenAccount(store);
      const endpoint = await givenEndpoint(store, account.id, ["campaign.created"], {
        metadata: { team: "ATS", région: "Île-de-France" },
      });
      expect((await store.getEndpoint(account.id, endpoint.id))?.metadata).toEqual({
        team: "ATS",
        région: "Île-de-France",
      });
      const updated = await store.updateEndpoint(
        account.id,
        endpoint.id,
        { metadata: { env: "prod" } },
        T0 + 1,
      );
      expect(updated?.metadata).toEqual({ env: "prod" });
      expect((await store.listEndpoints(account.id))[0]?.metadata).toEqual({ env: "prod" });
      const untouched = await store.updateEndpoint(account.id, endpoint.id, { description: "x" }, T0 + 2);
      expect(untouched?.metadata).toEqual({ env: "prod" });
    });

    it("a rotation keeps the previous secret signing, after the new one, until its grace period ends", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        sealedSecret: "v1.old",
      });
      const rotated = await store.rotateEndpointSecret(account.id, endpoint.id, {
        sealedSecret: "v1.new",
        previousExpiresAt: T0 + HOUR,
        now: T0,
      });
      expect(rotated).toMatchObject({ id: endpoint.id, sealedSecret: "v1.new", updatedAt: T0 });
      expect(await store.listPreviousSecrets(account.id, endpoint.id, T0)).toEqual([
        { sealedSecret: "v1.old", retiredAt: T0, expiresAt: T0 + HOUR },
      ]);
      expect(await claimedSecrets(store, account.id, T0 + 1)).toEqual(["v1.new", "v1.old"]);
      expect(await claimedSecrets(store, account.id, T0 + HOUR - 1)).toEqual(["v1.new", "v1.old"]);
      // At its expiry time it no longer signs.
      expect(await claimedSecrets(store, account.id, T0 + HOUR)).toEqual(["v1.new"]);
      expect(await store.listPreviousSecrets(account.id, endpoint.id, T0 + HOUR)).toEqual([]);
    });

    it("overlapping rotations sign with every active secret, newest first", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        sealedSecret: "v1.a",
      });
      const rotate = (sealedSecret: string, now: number) =>
        store.rotateEndpointSecret(account.id, endpoint.id, {
          sealedSecret,
          previousExpiresAt: now + HOUR,
          now,
        });
      await rotate("v1.b", T0);
      await rotate("v1.c", T0 + 10);
      expect(await claimedSecrets(store, account.id, T0 + 20)).toEqual(["v1.c", "v1.b", "v1.a"]);
      expect(
        (await store.listPreviousSecrets(account.id, endpoint.id, T0 + 20))?.map((p) => p.sealedSecret),
      ).toEqual(["v1.b", "v1.a"]);
      // "v1.a" ended first (T0 + HOUR), "v1.b" ten milliseconds later.
      expect(await claimedSecrets(store, account.id, T0 + HOUR + 5)).toEqual(["v1.c", "v1.b"]);
    });

    it("a rotation without grace, or of an endpoint without secret, keeps no previous secret", async (store) => {
      const { account, endpoint: unsigned } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        sealedSecret: null,
      });
      await store.rotateEndpointSecret(account.id, unsigned.id, {
        sealedSecret: "v1.first",
        previousExpiresAt: T0 + HOUR,
        now: T0,
      });
      expect(await store.listPreviousSecrets(account.id, unsigned.id, T0)).toEqual([]);
      await store.rotateEndpointSecret(account.id, unsigned.id, {
        sealedSecret: "v1.second",
        previousExpiresAt: T0 + 5,
        now: T0 + 5,
      });
      expect(await claimedSecrets(store, account.id, T0 + 6)).toEqual(["v1.second"]);
    });

    it("setting the secret by a patch drops the previous ones at once", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        sealedSecret: "v1.old",
      });
      await store.rotateEndpointSecret(account.id, endpoint.id, {
        sealedSecret: "v1.new",
        previousExpiresAt: T0 + HOUR,
        now: T0,
      });
      await store.updateEndpoint(account.id, endpoint.id, { sealedSecret: "v1.replaced" }, T0 + 1);
      expect(await store.listPreviousSecrets(account.id, endpoint.id, T0 + 2)).toEqual([]);
      expect(await claimedSecrets(store, account.id, T0 + 2)).toEqual(["v1.replaced"]);
      await store.updateEndpoint(account.id, endpoint.id, { sealedSecret: null }, T0 + 3);
      expect(await claimedSecrets(store, account.id, T0 + 4)).toEqual([]);
    });

    it("another account's endpoint, an unknown or a deleted one: undefined, and nothing changes", async (store) => {
      const owner = await givenAccount(store);
      const intruder = await givenAccount(store);
      const endpoint = await givenEndpoint(store, owner.id, ["campaign.created"], {
        sealedSecret: "v1.mine",
      });
      const rotation = { sealedSecret: "v1.theirs", previousExpiresAt: T0 + HOUR, now: T0 };
      expect(await store.rotateEndpointSecret(intruder.id, endpoint.id, rotation)).toBeUndefined();
      expect(await store.listPreviousSecrets(intruder.id, endpoint.id, T0)).toBeUndefined();
      expect(await store.rotateEndpointSecret(owner.id, newId("ep", T0), rotation)).toBeUndefined();
      expect(await store.listPreviousSecrets(owner.id, newId("ep", T0), T0)).toBeUndefined();
      expect((await store.getEndpoint(owner.id, endpoint.id))?.sealedSecret).toBe("v1.mine");
      expect(await store.listPreviousSecrets(owner.id, endpoint.id, T0)).toEqual([]);
      await store.deleteEndpoint(owner.id, endpoint.id, T0 + 1);
      expect(await store.rotateEndpointSecret(owner.id, endpoint.id, rotation)).toBeUndefined();
      expect(await store.listPreviousSecrets(owner.id, endpoint.id, T0)).toBeUndefined();
    });
  });
}
