import { expect } from "vitest";
import type { Store } from "../../../src/store/port.js";
import { claimAll, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const HOUR = 3_600_000;
const keyA = { sealedPrivateKey: "v1.private-a", publicKey: "whpk_A" };
const keyB = { sealedPrivateKey: "v1.private-b", publicKey: "whpk_B" };
const keyC = { sealedPrivateKey: "v1.private-c", publicKey: "whpk_C" };

/** `signature_scheme: "ed25519"`: an endpoint's key pairs (migration 011), as reads and claims see them. */
export function describeEndpointSigningKeys(makeStore: MakeStore): void {
  describeWithFreshStores("endpoint signing keys", makeStore, (it) => {
    /** Publishes one event at `now`, claims and finishes its delivery: the keys it was claimed with. */
    async function claimedKeys(store: Store, accountId: string, now: number) {
      await publishOne(store, accountId, "campaign.created", now);
      const claimed = await claimAll(store, `w-${now}`, now);
      expect(claimed).toHaveLength(1);
      await store.recordAttemptResults(
        claimed.map((c) => resultOf(`w-${now}`, c, { startedAt: now, next: { status: "succeeded" } })),
      );
      return claimed[0]?.sealedSigningKeys;
    }

    it("an endpoint without a key reads and claims as before: no signingKey, no sealedSigningKeys", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        sealedSecret: "v1.secret",
      });
      const read = await store.getEndpoint(account.id, endpoint.id);
      expect(read).toEqual(endpoint);
      expect(read && "signingKey" in read).toBe(false);
      await publishOne(store, account.id, "campaign.created", T0);
      const [claimed] = await claimAll(store, "w", T0);
      expect(claimed?.sealedSecrets).toEqual(["v1.secret"]);
      expect(claimed && "sealedSigningKeys" in claimed).toBe(false);
      expect(await store.activeSigningKeys(account.id, endpoint.id, T0)).toEqual([]);
    });

    it("a key given at creation is read back by get and list, and signs the claims", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        sealedSecret: "v1.secret",
        signingKey: keyA,
      });
      expect((await store.getEndpoint(account.id, endpoint.id))?.signingKey).toEqual(keyA);
      expect((await store.listEndpoints(account.id))[0]?.signingKey).toEqual(keyA);
      expect(await claimedKeys(store, account.id, T0)).toEqual([keyA.sealedPrivateKey]);
    });

    it("a patch replaces the key at once, dropping previous ones, and null removes every key", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        signingKey: keyA,
      });
      await store.rotateEndpointSigningKey(account.id, endpoint.id, {
        signingKey: keyB,
        previousExpiresAt: T0 + HOUR,
        now: T0,
      });
      const patched = await store.updateEndpoint(account.id, endpoint.id, { signingKey: keyC }, T0 + 1);
      expect(patched?.signingKey).toEqual(keyC);
      expect(await store.activeSigningKeys(account.id, endpoint.id, T0 + 1)).toEqual([keyC.sealedPrivateKey]);
      expect(await claimedKeys(store, account.id, T0 + 2)).toEqual([keyC.sealedPrivateKey]);
      const removed = await store.updateEndpoint(account.id, endpoint.id, { signingKey: null }, T0 + 3);
      expect(removed && "signingKey" in removed).toBe(false);
      expect(await claimedKeys(store, account.id, T0 + 4)).toBeUndefined();
      const untouched = await store.updateEndpoint(account.id, endpoint.id, { description: "x" }, T0 + 5);
      expect(untouched && "signingKey" in untouched).toBe(false);
    });

    it("a rotation keeps the previous key signing, after the new one, until its grace period ends", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        signingKey: keyA,
      });
      const rotated = await store.rotateEndpointSigningKey(account.id, endpoint.id, {
        signingKey: keyB,
        previousExpiresAt: T0 + HOUR,
        now: T0,
      });
      expect(rotated).toMatchObject({ id: endpoint.id, signingKey: keyB, updatedAt: T0 });
      expect(await store.activeSigningKeys(account.id, endpoint.id, T0)).toEqual([
        keyB.sealedPrivateKey,
        keyA.sealedPrivateKey,
      ]);
      await store.rotateEndpointSigningKey(account.id, endpoint.id, {
        signingKey: keyC,
        previousExpiresAt: T0 + 2 * HOUR,
        now: T0 + 1,
      });
      expect(await claimedKeys(store, account.id, T0 + 2)).toEqual(
        [keyC, keyB, keyA].map((k) => k.sealedPrivateKey),
      );
      // At its expiry time a key no longer signs.
      expect(await claimedKeys(store, account.id, T0 + HOUR)).toEqual(
        [keyC, keyB].map((k) => k.sealedPrivateKey),
      );
      expect(await store.activeSigningKeys(account.id, endpoint.id, T0 + 2 * HOUR)).toEqual([
        keyC.sealedPrivateKey,
      ]);
      expect(await claimedKeys(store, account.id, T0 + 2 * HOUR)).toEqual([keyC.sealedPrivateKey]);
    });

    it("a rotation without grace drops the previous key at once", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        signingKey: keyA,
      });
      await store.rotateEndpointSigningKey(account.id, endpoint.id, {
        signingKey: keyB,
        previousExpiresAt: T0,
        now: T0,
      });
      expect(await store.activeSigningKeys(account.id, endpoint.id, T0)).toEqual([keyB.sealedPrivateKey]);
      expect(await claimedKeys(store, account.id, T0)).toEqual([keyB.sealedPrivateKey]);
    });

    it("another account's endpoint, or a deleted one, has no keys to rotate or list", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["campaign.created"], {
        signingKey: keyA,
      });
      const other = await givenAccount(store);
      const rotation = { signingKey: keyB, previousExpiresAt: T0 + HOUR, now: T0 };
      expect(await store.rotateEndpointSigningKey(other.id, endpoint.id, rotation)).toBeUndefined();
      expect(await store.activeSigningKeys(other.id, endpoint.id, T0)).toBeUndefined();
      expect((await store.getEndpoint(account.id, endpoint.id))?.signingKey).toEqual(keyA);
      await store.deleteEndpoint(account.id, endpoint.id, T0 + 1);
      expect(await store.rotateEndpointSigningKey(account.id, endpoint.id, rotation)).toBeUndefined();
      expect(await store.activeSigningKeys(account.id, endpoint.id, T0)).toBeUndefined();
    });
  });
}
