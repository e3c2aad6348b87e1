import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import { createAccount } from "../../src/services/accounts.js";
import { createApiKey, revokeApiKey } from "../../src/services/api-keys.js";
import { LIVE_KEY_MAX_AGE_MS } from "../../src/services/live-api-key.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { freshSchemaName, makePostgresTestStore, requirePostgres } from "../support/postgres.js";

/**
 * API keys are served from memory; a key revoked elsewhere (another API process, the `keys revoke`
 * command) is refused within LIVE_KEY_MAX_AGE_MS = 1 s, and at once by the process that revoked it.
 * Each "process" here is an API on its own store handle (a second SQLite connection to the file, a
 * second PostgreSQL pool on the schema); the cache's clock is moved by hand.
 */
const postgres = await requirePostgres("packages/server/test/api/key-revocation-bound.test.ts");

interface Handles {
  readonly first: Store;
  readonly second: Store;
  close(): Promise<void>;
}

async function sqliteHandles(): Promise<Handles> {
  const dir = mkdtempSync(join(tmpdir(), "vh-key-cache-"));
  const file = join(dir, "store.sqlite");
  const first = openSqliteStore({ file });
  await first.migrate();
  const second = openSqliteStore({ file });
  return {
    first,
    second,
    async close() {
      await second.close();
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresHandles(): Promise<Handles> {
  const schema = freshSchemaName();
  const first = await makePostgresTestStore({ schema });
  const second = await makePostgresTestStore({ schema });
  return {
    first: first.store,
    second: second.store,
    async close() {
      await second.store.close();
      await first.cleanup();
    },
  };
}

const engines = [
  { name: "sqlite", open: sqliteHandles },
  ...(postgres.run ? [{ name: "postgres", open: postgresHandles }] : []),
];

const clock = { now: () => Date.UTC(2024, 0, 15, 10, 30) };

function apiOn(store: Store, keyCacheClock: () => number): FastifyInstance {
  return createApi({
    store,
    clock,
    secretBox: createSecretBox(generateMasterKey()),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    onPublished: () => {},
    developmentMode: false,
    keyCacheClock,
  });
}

describe.each(engines)("revoking an API key, on $name", ({ open }) => {
  let handles: Handles;
  let monotonic = 0;
  let here: FastifyInstance;
  let elsewhere: FastifyInstance;

  beforeAll(async () => {
    handles = await open();
    here = apiOn(handles.first, () => monotonic);
    elsewhere = apiOn(handles.second, () => monotonic);
  });
  afterAll(async () => {
    await here?.close();
    await elsewhere?.close();
    await handles?.close();
  });

  async function newKey(): Promise<{ accountId: string; keyId: string; auth: { authorization: string } }> {
    const account = await createAccount({ store: handles.first, clock }, { name: `A ${Math.random()}` });
    if (account.kind !== "created") throw new Error("no account");
    const key = await createApiKey(
      { store: handles.first, clock },
      { accountId: account.account.id, kind: "account", name: "k" },
    );
    if (key.kind !== "created") throw new Error("no key");
    return {
      accountId: account.account.id,
      keyId: key.record.id,
      auth: { authorization: `Bearer ${key.key}` },
    };
  }

  const status = async (api: FastifyInstance, auth: { authorization: string }) =>
    (await api.inject({ method: "GET", url: "/v1/account", headers: auth })).statusCode;

  it("is refused within 1 s by a process that served the key from memory", async () => {
    const { accountId, keyId, auth } = await newKey();
    monotonic = 10_000;
    expect(await status(here, auth)).toBe(200); // read from the store, cached
    // Revoked by another process (like `voicehire-webhooks keys revoke`): nothing tells this one.
    expect(await revokeApiKey({ store: handles.second, clock }, accountId, keyId)).toEqual({
      kind: "revoked",
    });
    monotonic = 10_000 + LIVE_KEY_MAX_AGE_MS - 1;
    expect(await status(here, auth)).toBe(200); // still served from memory: no store read per request
    monotonic = 10_000 + LIVE_KEY_MAX_AGE_MS;
    expect(await status(here, auth)).toBe(401); // at most 1 s after the revocation
    expect(LIVE_KEY_MAX_AGE_MS).toBeLessThanOrEqual(1_000);
  });

  it("is refused at once by the process that revoked it, and within 1 s by the others", async () => {
    const { keyId, auth } = await newKey();
    monotonic = 50_000;
    expect(await status(here, auth)).toBe(200);
    expect(await status(elsewhere, auth)).toBe(200);
    const revoked = await here.inject({ method: "DELETE", url: `/v1/api-keys/${keyId}`, headers: auth });
    expect(revoked.statusCode).toBe(204);
    expect(await status(here, auth)).toBe(401);
    monotonic += LIVE_KEY_MAX_AGE_MS;
    expect(await status(elsewhere, auth)).toBe(401);
  });

  it("never caches an unknown key: a key created elsewhere works at once", async () => {
    monotonic = 90_000;
    expect(await status(here, { authorization: "Bearer vhk_not-yet-a-key" })).toBe(401);
    const { auth } = await newKey();
    expect(await status(here, auth)).toBe(200);
  });
});
