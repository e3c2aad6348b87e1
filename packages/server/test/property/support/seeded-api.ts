import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";
import { createApi } from "../../../src/api/create-api.js";
import type { DeliverySender } from "../../../src/delivery/sender.js";
import type { Logger } from "../../../src/domain/logger.js";
import { createSecretBox, generateMasterKey } from "../../../src/domain/secret-box.js";
import { revokeApiKey } from "../../../src/services/api-keys.js";
import type { Store } from "../../../src/store/port.js";
import { openSqliteStore } from "../../../src/store/sqlite/index.js";
import { createAccountWithKey } from "../../support/account-with-key.js";
import { createLoopbackSender } from "../../support/loopback-sender.js";
import { makePostgresTestStore } from "../../support/postgres.js";
import { type RecordingReceiver, startRecordingReceiver } from "../../support/recording-receiver.js";
import { openPostgresSnapshotter } from "./postgres-snapshot.js";
import { openSqliteSnapshotter, type Snapshotter } from "./store-snapshot.js";

/** The ids a request may name: the caller's own, another account's, and unknown ones. */
export interface IdPools {
  readonly own: readonly string[];
  readonly other: readonly string[];
}

export interface SeededApi {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** Snapshots of every table of the store, through a connection of their own. */
  openSnapshotter(): Promise<Snapshotter>;
  readonly receiver: RecordingReceiver;
  readonly keys: {
    readonly own: string;
    readonly other: string;
    readonly admin: string;
    readonly revoked: string;
  };
  readonly ownAccountId: string;
  readonly otherAccountId: string;
  readonly ids: IdPools;
  /** Errors the API logged (a 500 logs one): shown when a property fails. */
  readonly loggedErrors: string[];
  close(): Promise<void>;
}

export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The real HTTP sender, that sends only to 127.0.0.1: a hostile request may point an endpoint anywhere
 * (development mode accepts any http URL), and this test sends nothing off this machine.
 */
function loopbackOnlySender(sender: DeliverySender): DeliverySender {
  return {
    async send(request) {
      let host = "";
      try {
        host = new URL(request.url).hostname;
      } catch {
        // not a URL: refused below
      }
      if (host !== "127.0.0.1") {
        return {
          kind: "failed",
          errorKind: "blocked",
          errorMessage: "the property test sends to 127.0.0.1 only",
          durationMs: 0,
        };
      }
      return sender.send(request);
    },
    close: () => sender.close(),
  };
}

export type SeededEngine = "sqlite" | "postgres";

/** A migrated store of the engine, its snapshots, and how to remove it. */
async function openEngine(engine: SeededEngine, dir: string) {
  if (engine === "postgres") {
    const made = await makePostgresTestStore();
    return {
      store: made.store,
      openSnapshotter: () => openPostgresSnapshotter(made.schema),
      cleanup: made.cleanup,
    };
  }
  const file = join(dir, "store.sqlite");
  const store = openSqliteStore({ file, synchronous: "normal" });
  await store.migrate();
  return {
    store,
    openSnapshotter: async () => openSqliteSnapshotter(file),
    cleanup: () => store.close(),
  };
}

/**
 * The real API in-process on a real store (a SQLite file, or a fresh PostgreSQL schema), in development mode so that endpoints may point at a
 * receiver on 127.0.0.1 (the only address anything here ever sends to), with two accounts holding
 * endpoints, events and deliveries, an admin key and a revoked key. Rate limits are off: the property
 * sends hundreds of requests a second with one key.
 */
export async function startSeededApi(engine: SeededEngine = "sqlite"): Promise<SeededApi> {
  const dir = mkdtempSync(join(tmpdir(), "vh-property-"));
  const { store, openSnapshotter, cleanup } = await openEngine(engine, dir);
  let time = Date.UTC(2024, 0, 15, 10, 30);
  const clock = { now: () => (time += 1) };
  const loggedErrors: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (fields, message) => void loggedErrors.push(`${message} ${JSON.stringify(fields)}`),
  };
  const receiver = await startRecordingReceiver();
  const testSender = loopbackOnlySender(createLoopbackSender({ timeoutMs: 2_000 }));
  const app = createApi({
    store,
    clock,
    secretBox: createSecretBox(generateMasterKey()),
    logger,
    onPublished: () => {},
    developmentMode: true,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    rateLimits: { management: null, publishing: null },
    testSender,
  });
  await app.ready();

  async function accountWithKey(name: string, kind: "account" | "admin" = "account") {
    const created = await createAccountWithKey({ store, clock }, name, { kind, name: `${name} key` });
    return { accountId: created.account.id, key: created.apiKey, keyId: created.keyId };
  }
  const own = await accountWithKey("Own");
  const other = await accountWithKey("Other");
  const operator = await accountWithKey("Operator", "admin");
  const revoked = await accountWithKey("Revoked");
  await revokeApiKey({ store, clock }, revoked.accountId, revoked.keyId);

  /** Endpoints, events and deliveries of one account, made through the API; answers their ids. */
  async function populate(key: string): Promise<string[]> {
    const headers = { authorization: `Bearer ${key}` };
    const ids: string[] = [];
    const send = async (method: "POST" | "GET", url: string, payload?: unknown) => {
      const response = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      if (response.statusCode >= 300)
        throw new Error(`seeding ${method} ${url} answered ${response.statusCode}: ${response.body}`);
      return response.json<Record<string, unknown>>();
    };
    for (let i = 0; i < 3; i++) {
      const endpoint = await send("POST", "/v1/endpoints", {
        url: `${receiver.url}/hook-${i}`,
        event_types: ["campaign.created", "candidate.added"],
        secret: `seeded-endpoint-secret-${i}`,
      });
      ids.push(String(endpoint.id));
    }
    for (const type of ["campaign.created", "candidate.added"] as const) {
      const published = await send("POST", "/v1/events", { event: type, data: eventCatalog[type].sample });
      ids.push(String(published.id));
    }
    const deliveries = await send("GET", "/v1/deliveries");
    for (const delivery of deliveries.data as { id: string }[]) ids.push(delivery.id);
    const spareKey = await send("POST", "/v1/api-keys", { name: "spare" });
    ids.push(String(spareKey.id));
    return ids;
  }

  const ownIds = await populate(own.key);
  const otherIds = await populate(other.key);
  return {
    app,
    store,
    openSnapshotter,
    receiver,
    keys: { own: own.key, other: other.key, admin: operator.key, revoked: revoked.key },
    ownAccountId: own.accountId,
    otherAccountId: other.accountId,
    ids: {
      own: [...ownIds, own.accountId],
      other: [...otherIds, other.accountId, operator.keyId, revoked.keyId],
    },
    loggedErrors,
    async close() {
      await app.close();
      await testSender.close();
      await cleanup();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
