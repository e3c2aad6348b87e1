import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublishGroupCommit } from "../../src/services/publish-group-commit.js";
import type { PublishInput, PublishOutcome, Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { StoreUnavailableError } from "../../src/store/store-unavailable-error.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "../store/conformance/fixtures.js";
import { makePostgresTestStore, requirePostgres } from "../support/postgres.js";
import { waitFor } from "../support/wait-for.js";

/**
 * Group commit on both stores: concurrent publishes share transactions, each caller gets its own
 * outcome only once it is durable, a poison publish fails alone, and an outage fails the group at once.
 */
const postgres = await requirePostgres("packages/server/test/services/publish-group-commit.test.ts");

async function openSqlite(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "vh-group-commit-"));
  const store = openSqliteStore({ file: join(dir, "store.sqlite") });
  await store.migrate();
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const engines = [
  { name: "sqlite", open: openSqlite },
  ...(postgres.run ? [{ name: "postgres", open: () => makePostgresTestStore() }] : []),
];

function input(accountId: string, idempotencyKey: string | null = null): PublishInput {
  return { accountId, idempotencyKey, events: [newEvent("candidate.added")], campaignId: "camp-1", now: T0 };
}

/** The store, with every `publishMany` call's size recorded. */
function counting(store: Store): { store: Store; groups: number[] } {
  const groups: number[] = [];
  const publishMany: Store["publishMany"] = (inputs) => {
    groups.push(inputs.length);
    return store.publishMany(inputs);
  };
  return { store: { ...store, publishMany } as Store, groups };
}

describe.each(engines)("group commit of publishes on $name", ({ open }) => {
  let opened: { store: Store; cleanup(): Promise<void> };
  let accountId: string;

  beforeAll(async () => {
    opened = await open();
    accountId = (await givenAccount(opened.store)).id;
    await givenEndpoint(opened.store, accountId, ["candidate.added"]);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it("writes what arrives together in fewer transactions, answering each caller its own outcome", async () => {
    const { store, groups } = counting(opened.store);
    const group = createPublishGroupCommit(store);
    const inputs = Array.from({ length: 60 }, () => input(accountId));
    const outcomes = await Promise.all(inputs.map((one) => group.commit(one)));
    expect(groups.reduce((a, b) => a + b, 0)).toBe(60);
    expect(groups.length).toBeLessThan(60);
    outcomes.forEach((outcome, i) => {
      expect(outcome).toEqual({
        kind: "published",
        events: [{ id: inputs[i]?.events[0]?.id, type: "candidate.added", deliveryCount: 1 }],
      });
    });
    for (const one of inputs) {
      expect(await opened.store.getEvent(accountId, one.events[0]?.id ?? "")).toBeDefined();
    }
  });

  it("answers a key repeated within a group as a duplicate of its first publish", async () => {
    const group = createPublishGroupCommit(opened.store);
    const first = input(accountId, "group-key");
    const [a, b] = await Promise.all([group.commit(first), group.commit(input(accountId, "group-key"))]);
    expect(a.kind).toBe("published");
    expect(b).toEqual({ kind: "duplicate", primaryEventId: first.events[0]?.id });
  });

  it("fails a poison publish alone: its neighbours in the group are written", async () => {
    const { store, groups } = counting(opened.store);
    const group = createPublishGroupCommit(store);
    const good = Array.from({ length: 7 }, () => input(accountId));
    const poison = input("acc_does_not_exist"); // refused by the store (no such account)
    const settled = await Promise.allSettled(
      [...good.slice(0, 3), poison, ...good.slice(3)].map(group.commit),
    );
    expect(settled.map((s) => s.status)).toEqual([
      ...Array(3).fill("fulfilled"),
      "rejected",
      ...Array(4).fill("fulfilled"),
    ]);
    expect(groups[0]).toBe(8); // tried together first, then split
    for (const one of good)
      expect(await opened.store.getEvent(accountId, one.events[0]?.id ?? "")).toBeDefined();
  });
});

describe("group commit without a store to write to", () => {
  it("answers no caller before its group is durable", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const published: PublishOutcome = { kind: "published", events: [] };
    let writing = false;
    const group = createPublishGroupCommit({
      publishMany: async (inputs) => {
        writing = true;
        await gate;
        return inputs.map(() => published);
      },
    });
    let answered = false;
    const pending = group.commit(input("acc_x")).then(() => (answered = true));
    await waitFor("the group to be handed to the store", () => writing);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    await pending;
    expect(answered).toBe(true);
  });

  it("fails every caller of a group at once when the store is unavailable (no splitting)", async () => {
    let calls = 0;
    const group = createPublishGroupCommit({
      publishMany: async () => {
        calls++;
        throw new StoreUnavailableError("unreachable", { cause: new Error("connection refused") });
      },
    });
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => group.commit(input("acc_x"))));
    expect(settled.every((s) => s.status === "rejected" && s.reason instanceof StoreUnavailableError)).toBe(
      true,
    );
    expect(calls).toBe(1);
  });
});
