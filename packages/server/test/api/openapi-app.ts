import type { FastifyInstance } from "fastify";
import { createApi } from "../../src/api/create-api.js";
import type { DeliverySender } from "../../src/delivery/sender.js";
import { createApiKey } from "../../src/services/api-keys.js";
import { createLoopbackSender } from "../support/loopback-sender.js";
import type { ApiHarness } from "./support/api-harness.js";

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
