import { describe, expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { ApiKeyRecord } from "../../../src/domain/types.js";
import { givenAccount, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

function apiKey(accountId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = newId("key", T0);
  return {
    id,
    accountId,
    kind: "account",
    hash: `hash-of-${id}`,
    prefix: "vh_live_ab",
    name: "CI",
    createdAt: T0,
    revokedAt: null,
    ...overrides,
  };
}

export function describeAccountsAndKeys(makeStore: MakeStore): void {
  describeWithFreshStores("accounts and API keys", makeStore, (it) => {
    describe("accounts", () => {
      it("reads back an account exactly as created, and nothing for an unknown id", async (store) => {
        const account = await givenAccount(store, {
          name: "Société Générale d'Entretiens",
          creditsThreshold: 25,
        });
        expect(await store.getAccount(account.id)).toEqual(account);
        expect(await store.getAccount(newId("acc", T0))).toBeUndefined();
      });

      it("keeps the threshold it was given (the default of 10 is the caller's job)", async (store) => {
        const zero = await givenAccount(store, { creditsThreshold: 0 });
        const three = await givenAccount(store, { creditsThreshold: 3 });
        expect((await store.getAccount(zero.id))?.creditsThreshold).toBe(0);
        expect((await store.getAccount(three.id))?.creditsThreshold).toBe(3);
      });

      it("lists every account", async (store) => {
        expect(await store.listAccounts()).toEqual([]);
        const first = await givenAccount(store, { name: "first" });
        const second = await givenAccount(store, { name: "second", createdAt: T0 + 1 });
        const listed = await store.listAccounts();
        expect([...listed].sort((a, b) => a.id.localeCompare(b.id))).toEqual([first, second]);
      });

      it("sets the credits threshold and answers the updated account; unknown account: undefined", async (store) => {
        const account = await givenAccount(store);
        expect(await store.setCreditsThreshold(account.id, 42)).toEqual({ ...account, creditsThreshold: 42 });
        expect(await store.getAccount(account.id)).toEqual({ ...account, creditsThreshold: 42 });
        expect(await store.setCreditsThreshold(newId("acc", T0), 5)).toBeUndefined();
      });

      it("migrate() is safe to call again and keeps the data", async (store) => {
        const account = await givenAccount(store);
        await store.migrate();
        await store.migrate();
        expect(await store.getAccount(account.id)).toEqual(account);
      });
    });

    describe("API keys", () => {
      it("finds a key by its hash across accounts, and nothing for an unknown hash", async (store) => {
        const account = await givenAccount(store);
        const key = apiKey(account.id, { kind: "admin" });
        await store.createApiKey(key);
        expect(await store.findApiKeyByHash(key.hash)).toEqual(key);
        expect(await store.findApiKeyByHash("no-such-hash")).toBeUndefined();
      });

      it("lists only the account's keys", async (store) => {
        const account = await givenAccount(store);
        const other = await givenAccount(store);
        const keys = [
          apiKey(account.id, { name: "a" }),
          apiKey(account.id, { name: "b", createdAt: T0 + 1 }),
        ];
        for (const key of [...keys, apiKey(other.id)]) await store.createApiKey(key);
        const listed = await store.listApiKeys(account.id);
        expect([...listed].sort((a, b) => a.id.localeCompare(b.id))).toEqual(keys);
      });

      it("revokes a key at `now`; the revoked key is still found by its hash", async (store) => {
        const account = await givenAccount(store);
        const key = apiKey(account.id);
        const untouched = apiKey(account.id);
        await store.createApiKey(key);
        await store.createApiKey(untouched);
        expect(await store.revokeApiKey(account.id, key.id, T0 + 500)).toBe(true);
        expect(await store.findApiKeyByHash(key.hash)).toEqual({ ...key, revokedAt: T0 + 500 });
        expect(await store.findApiKeyByHash(untouched.hash)).toEqual(untouched);
      });

      it("revoking again answers true and keeps the first revocation time", async (store) => {
        const account = await givenAccount(store);
        const key = apiKey(account.id);
        await store.createApiKey(key);
        await store.revokeApiKey(account.id, key.id, T0 + 500);
        expect(await store.revokeApiKey(account.id, key.id, T0 + 900)).toBe(true);
        expect((await store.findApiKeyByHash(key.hash))?.revokedAt).toBe(T0 + 500);
      });

      it("revoking an unknown key answers false", async (store) => {
        const account = await givenAccount(store);
        expect(await store.revokeApiKey(account.id, newId("key", T0), T0)).toBe(false);
      });
    });
  });
}
