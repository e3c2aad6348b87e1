import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/domain/clock.js";
import { createAccount } from "../../src/services/accounts.js";
import { createApiKey, hashApiKey, revokeApiKey } from "../../src/services/api-keys.js";
import { authenticate } from "../../src/services/live-api-key.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";

let dir: string;
let store: Store;
const clock = systemClock;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vh-keys-"));
  store = openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal" });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function account(name: string, creditsThreshold?: number) {
  const created = await createAccount(
    { store, clock },
    creditsThreshold === undefined ? { name } : { name, creditsThreshold },
  );
  if (created.kind !== "created") throw new Error("account not created");
  return created.account;
}

describe("accounts", () => {
  it("default to a credits threshold of 10, or take the given one", async () => {
    expect((await account("Default")).creditsThreshold).toBe(10);
    expect((await account("Custom", 25)).creditsThreshold).toBe(25);
  });

  it("refuse an empty name or a negative threshold", async () => {
    expect(await createAccount({ store, clock }, { name: "  " })).toMatchObject({
      kind: "invalid",
      issues: [{ path: "name" }],
    });
    expect(await createAccount({ store, clock }, { name: "x", creditsThreshold: -1 })).toMatchObject({
      kind: "invalid",
      issues: [{ path: "credits_threshold" }],
    });
  });
});

describe("API keys", () => {
  it("are vhk_ + 32 random bytes, shown once, stored only as a SHA-256 hash and a prefix", async () => {
    const owner = await account("Keys");
    const created = await createApiKey(
      { store, clock },
      { accountId: owner.id, kind: "account", name: "ci" },
    );
    if (created.kind !== "created") throw new Error("key not created");
    expect(created.key).toMatch(/^vhk_[A-Za-z0-9_-]{43}$/);
    const [stored] = await store.listApiKeys(owner.id);
    expect(stored).toMatchObject({
      hash: hashApiKey(created.key),
      prefix: created.key.slice(0, 12),
      name: "ci",
    });
    expect(JSON.stringify(stored)).not.toContain(created.key);
    expect(hashApiKey(created.key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("authenticate their account; a revoked or unknown key authenticates nothing", async () => {
    const owner = await account("Auth");
    const created = await createApiKey({ store, clock }, { accountId: owner.id, kind: "account", name: "k" });
    if (created.kind !== "created") throw new Error("key not created");
    expect((await authenticate({ store }, created.key))?.id).toBe(owner.id);
    expect(await authenticate({ store }, `${created.key}x`)).toBeUndefined();
    expect(await authenticate({ store }, "")).toBeUndefined();
    expect(await revokeApiKey({ store, clock }, owner.id, created.record.id)).toEqual({ kind: "revoked" });
    expect(await authenticate({ store }, created.key)).toBeUndefined();
  });

  it("cannot be created for an unknown account", async () => {
    expect(
      await createApiKey({ store, clock }, { accountId: "acc_nope", kind: "account", name: "k" }),
    ).toMatchObject({
      kind: "not_found",
      resource: "account",
    });
  });
});
