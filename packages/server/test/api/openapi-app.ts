import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { createApi } from "../../src/api/create-api.js";
import type { DeliverySender } from "../../src/delivery/sender.js";
import { createApiKey } from "../../src/services/api-keys.js";
import type { Fixture } from "../support/fixture-hooks.js";
import { createLoopbackSender } from "../support/loopback-sender.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";

/**
 * The OpenAPI tests need every route working, the "Tester" included: a second API on the harness's
 * store, in development mode (loopback endpoint URLs), with a real HTTP sender, plus an admin key.
 */
export interface FullApi {
  readonly app: FastifyInstance;
  readonly adminAuth: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startFullApi(
  h: ApiHarness,
  options: { readonly bodyLimitBytes?: number } = {},
): Promise<FullApi> {
  const sender: DeliverySender = createLoopbackSender({ timeoutMs: 2000 });
  const app = createApi({
    store: h.store,
    clock: h.clock,
    secretBox: h.secretBox,
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    onPublished: () => {},
    developmentMode: true,
    testSender: sender,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
  });
  await app.ready();
  const platform = await h.newAccount("Platform");
  const admin = await createApiKey(
    { store: h.store, clock: h.clock },
    { accountId: platform.account.id, kind: "admin", name: "platform" },
  );
  if (admin.kind !== "created") throw new Error("cannot create an admin key");
  return {
    app,
    adminAuth: { authorization: `Bearer ${admin.key}` },
    async close() {
      await app.close();
      await sender.close();
    },
  };
}

/** A harness and the full API on its store. */
export interface HarnessWithFullApi {
  readonly h: ApiHarness;
  readonly api: FullApi;
}

export function harnessWithFullApi(
  options: { readonly bodyLimitBytes?: number } = {},
): Fixture<HarnessWithFullApi> {
  return {
    async open() {
      const h = await startApiHarness();
      return { h, api: await startFullApi(h, options) };
    },
    async end({ h, api }) {
      await api.close();
      await h.close();
    },
  };
}

/** The OpenAPI document the full API serves (GET /openapi.json, 200 expected). */
export async function servedDocument(api: FullApi): Promise<unknown> {
  const answer = await api.app.inject({ method: "GET", url: "/openapi.json" });
  expect(answer.statusCode).toBe(200);
  return answer.json();
}
