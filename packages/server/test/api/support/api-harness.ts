import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../../../src/api/api-deps.js";
import { createApi } from "../../../src/api/create-api.js";
import type { CircuitSettings } from "../../../src/domain/circuit-rule.js";
import type { Logger } from "../../../src/domain/logger.js";
import { createSecretBox, generateMasterKey, type SecretBox } from "../../../src/domain/secret-box.js";
import type { Account, DeliveryStatus } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { openSqliteStore } from "../../../src/store/sqlite/index.js";
import { createAccountWithKey } from "../../support/account-with-key.js";
import type { Fixture } from "../../support/fixture-hooks.js";
import { createLoopbackSender } from "../../support/loopback-sender.js";
import { type HeaderRequests, requestsWith } from "./header-requests.js";

/** A clock the test moves by hand. */
export interface ManualClock {
  now(): number;
  set(time: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2024, 0, 15, 10, 30)): ManualClock {
  let time = start;
  return {
    now: () => time,
    set: (next) => {
      time = next;
    },
    advance: (ms) => {
      time += ms;
    },
  };
}

export interface LoggedLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

export interface TestAccount {
  readonly account: Account;
  readonly apiKey: string;
  readonly auth: { readonly authorization: string };
}

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** The SQLite file (its `-wal` beside it), to look at the bytes at rest. */
  readonly databaseFile: string;
  readonly clock: ManualClock;
  readonly secretBox: SecretBox;
  readonly logged: LoggedLine[];
  /** How many times the API woke the workers. */
  readonly wakeups: () => number;
  readonly alice: TestAccount;
  readonly bob: TestAccount;
  newAccount(name: string): Promise<TestAccount>;
  /** Requests sent with `headers` (an account's `auth`, an admin key's, a session cookie). */
  as(headers: Record<string, string>): HeaderRequests;
  /** Every delivery of every account, by status (to prove that a refused request stored nothing). */
  deliveryCounts(): Promise<Record<DeliveryStatus, number>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly developmentMode?: boolean;
  readonly bodyLimitBytes?: number;
  /** Gives the API a real HTTP sender for the "Tester" (closed with the harness). */
  readonly testSender?: { readonly timeoutMs: number };
  /** Another store than the harness's SQLite file (e.g. PostgreSQL); its cleanup runs on close. */
  readonly openStore?: () => Promise<{ readonly store: Store; cleanup(): Promise<void> }>;
  /** The store's circuit breaker thresholds (the defaults otherwise; with the harness's SQLite file). */
  readonly circuit?: CircuitSettings;
}

/** A real SQLite file in a temp dir, the real API on it (in-process), and two accounts with keys. */
export async function startApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), "vh-api-"));
  const databaseFile = join(dir, "store.sqlite");
  const opened = options.openStore === undefined ? undefined : await options.openStore();
  const store =
    opened?.store ??
    openSqliteStore({
      file: databaseFile,
      synchronous: "normal",
      ...(options.circuit ? { circuit: options.circuit } : {}),
    });
  await store.migrate();
  const clock = manualClock();
  const secretBox = createSecretBox(generateMasterKey());
  const logged: LoggedLine[] = [];
  const log =
    (level: LoggedLine["level"]) =>
    (fields: object, message: string): void => {
      logged.push({ level, fields: fields as Record<string, unknown>, message });
    };
  const logger: Logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  let wakeups = 0;
  const testSender =
    options.testSender === undefined
      ? undefined
      : createLoopbackSender({ timeoutMs: options.testSender.timeoutMs });
  const deps: ApiDeps = {
    store,
    clock,
    secretBox,
    logger,
    onPublished: () => {
      wakeups++;
    },
    developmentMode: options.developmentMode ?? false,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    ...(testSender === undefined ? {} : { testSender, userAgent: "VoiceHire-Webhooks/test" }),
  };
  const app = createApi(deps);
  await app.ready();

  const newAccount = (name: string): Promise<TestAccount> => createAccountWithKey({ store, clock }, name);

  const alice = await newAccount("Alice");
  const bob = await newAccount("Bob");
  return {
    app,
    store,
    databaseFile,
    clock,
    secretBox,
    logged,
    wakeups: () => wakeups,
    alice,
    bob,
    newAccount,
    as: (headers) => requestsWith(app, headers),
    deliveryCounts: () => store.countDeliveriesByStatus(),
    async close() {
      await app.close();
      await testSender?.close();
      if (opened === undefined) await store.close();
      else await opened.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The harness as a fixture: `forEachTest(apiHarness(), (started) => (h = started))`. */
export function apiHarness(options: HarnessOptions = {}): Fixture<ApiHarness> {
  return { open: () => startApiHarness(options), end: (harness) => harness.close() };
}
