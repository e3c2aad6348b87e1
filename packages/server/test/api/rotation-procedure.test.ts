import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifySignature } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api.js";
import type { DeliverySender } from "../../src/delivery/sender.js";
import { defaultDeliverySettings } from "../../src/delivery/settings.js";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/delivery/worker.js";
import { silentLogger } from "../../src/domain/logger.js";
import { createSecretBox, generateMasterKey, type SecretBox } from "../../src/domain/secret-box.js";
import { createAccount } from "../../src/services/accounts.js";
import { createApiKey } from "../../src/services/api-keys.js";
import type { Store } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { createLoopbackSender } from "../support/loopback-sender.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { waitFor } from "../support/wait-for.js";
import { manualClock } from "./support/api-harness.js";
import { sampleData } from "./support/samples.js";

/**
 * docs/secret-rotation.md, followed step by step by two receivers: one checks `X-VoiceHire-Signature`
 * (the documentation's scheme, here with a list of accepted secrets), the other the Standard Webhooks
 * headers (the SDK). Each answers 401 to a delivery it cannot verify. Real worker, real loopback
 * receivers, an injected clock for the end of the grace period. Following the procedure, both accept
 * every delivery at its first attempt; a receiver that skips step 2 rejects some (the test has teeth).
 */
const DAY_MS = 86_400_000;
const OLD_SECRET = "old-secret-2f9c1d";
const NEW_SECRET = "new-secret-a81e44"; // step 1: chosen by the customer

type Scheme = "voicehire" | "standard";

interface Verifier {
  readonly receiver: RecordingReceiver;
  /** The secrets the receiver accepts right now (its configuration, changed by the procedure). */
  accepted: string[];
  accepts: number;
  rejects: number;
}

/** The documentation's check, against each accepted secret. */
function voiceHireSignatureMatches(body: Buffer, header: unknown, secrets: readonly string[]): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  return secrets.some((secret) => {
    const expected = createHmac("sha256", secret).update(body).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

let dir: string;
let store: Store;
let secretBox: SecretBox;
let api: FastifyInstance;
let worker: DeliveryWorker | undefined;
let sender: DeliverySender;
let auth: { authorization: string };
let accountId: string;
const clock = manualClock(Date.UTC(2024, 0, 15, 9, 0));
const verifiers: Verifier[] = [];

/**
 * A receiver that verifies every delivery with the secrets it accepts. It answers 401 to one it cannot
 * verify, unless it only `observes` (it then counts the rejection but answers 200, so that its
 * failures do not open the worker's circuit for its endpoint and stall the test).
 */
async function startVerifier(scheme: Scheme, accepted: string[], observes = false): Promise<Verifier> {
  const state = { accepted, accepts: 0, rejects: 0 };
  const receiver = await startRecordingReceiver((request, response) => {
    const check =
      scheme === "voicehire"
        ? Promise.resolve(
            voiceHireSignatureMatches(request.body, request.headers["x-voicehire-signature"], state.accepted),
          )
        : verifySignature(request.body, request.headers, state.accepted, { now: () => clock.now() }).then(
            (v) => v.ok,
          );
    void check.then((ok) => {
      if (ok) state.accepts++;
      else state.rejects++;
      response.writeHead(ok || observes ? 200 : 401).end(ok ? "ok" : "bad signature");
    });
  });
  const verifier: Verifier = Object.assign(state, { receiver });
  verifiers.push(verifier);
  return verifier;
}

function startWorker(): void {
  worker = createDeliveryWorker({
    store,
    sender,
    secretBox,
    clock,
    logger: silentLogger,
    // No retry: a rejected delivery fails at once, so "accepted at its first attempt" is what is checked.
    settings: { ...defaultDeliverySettings, retrySchedule: { delaysMs: [], jitterRatio: 0 }, idlePollMs: 20 },
  });
  worker.start();
}

async function createEndpoint(url: string): Promise<string> {
  const answer = await api.inject({
    method: "POST",
    url: "/v1/endpoints",
    headers: auth,
    payload: { url, event_types: ["candidate.added"], secret: OLD_SECRET },
  });
  expect(answer.statusCode).toBe(201);
  return answer.json().id as string;
}

async function publish(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const answer = await api.inject({
      method: "POST",
      url: "/v1/events",
      headers: auth,
      payload: { event: "candidate.added", data: sampleData("candidate.added") },
    });
    expect(answer.statusCode).toBe(202);
  }
}

async function allDelivered(): Promise<void> {
  await waitFor(
    "every delivery to be final",
    async () => (await store.countDeliveriesByStatus()).pending === 0,
    10_000,
  );
}

/** How many signatures `webhook-signature` carried, per request, in order. */
function signatureCounts(verifier: Verifier): number[] {
  return verifier.receiver.requests.map((r) => String(r.headers["webhook-signature"]).split(" ").length);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vh-rotation-"));
  store = openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal" });
  await store.migrate();
  secretBox = createSecretBox(generateMasterKey());
  sender = createLoopbackSender({ timeoutMs: 2000 });
  api = createApi({
    store,
    clock,
    secretBox,
    logger: silentLogger,
    onPublished: () => worker?.wake(),
    developmentMode: true,
  });
  await api.ready();
  const account = await createAccount({ store, clock }, { name: "Rotation" });
  if (account.kind !== "created") throw new Error("no account");
  accountId = account.account.id;
  const key = await createApiKey({ store, clock }, { accountId, kind: "account", name: "r" });
  if (key.kind !== "created") throw new Error("no key");
  auth = { authorization: `Bearer ${key.key}` };
  startWorker();
});

afterEach(async () => {
  await worker?.stop();
  await api.close();
  await sender.close();
  for (const verifier of verifiers.splice(0)) await verifier.receiver.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the documented secret rotation procedure", () => {
  it("lets receivers following it accept 100% of deliveries before, during and after the rotation", async () => {
    const followers = [
      await startVerifier("voicehire", [OLD_SECRET]),
      await startVerifier("standard", [OLD_SECRET]),
    ];
    // Checks X-VoiceHire-Signature but skips step 2: the control that shows the procedure matters.
    const skipper = await startVerifier("voicehire", [OLD_SECRET], true);
    const endpoints: string[] = [];
    for (const verifier of [...followers, skipper])
      endpoints.push(await createEndpoint(`${verifier.receiver.url}/hooks`));

    // Before the rotation: the old secret only.
    await publish(4);
    await allDelivered();

    // Steps 1 and 2: the new secret is chosen, the following receivers accept both, deployed.
    for (const follower of followers) follower.accepted = [NEW_SECRET, OLD_SECRET];
    await publish(4);
    await allDelivered();

    // Step 3: rotate with that secret (grace period: the default 24 h). Three deliveries are still
    // queued (the worker is stopped): they go out after the rotation, signed as of then.
    await worker?.stop();
    await publish(3);
    for (const endpointId of endpoints) {
      const rotated = await api.inject({
        method: "POST",
        url: `/v1/endpoints/${endpointId}/secret/rotate`,
        headers: auth,
        payload: { secret: NEW_SECRET },
      });
      expect(rotated.json()).toEqual({
        secret: NEW_SECRET,
        previous_expires_at: new Date(clock.now() + DAY_MS).toISOString(),
      });
    }
    startWorker();
    await allDelivered();
    clock.advance(DAY_MS - 60_000); // late in the grace period
    await publish(4);
    await allDelivered();

    // The grace period ends (injected clock); then step 4: the receivers drop the old secret.
    clock.advance(60_000);
    await publish(4);
    await allDelivered();
    for (const follower of followers) follower.accepted = [NEW_SECRET];
    await publish(4);
    await allDelivered();

    const perEndpoint = 4 + 4 + 3 + 4 + 4 + 4;
    for (const follower of followers) {
      expect({ accepts: follower.accepts, rejects: follower.rejects }).toEqual({
        accepts: perEndpoint,
        rejects: 0,
      });
      // Before: one signature; from the rotation to the end of its grace period: two; then one.
      expect(signatureCounts(follower)).toEqual([
        ...Array(8).fill(1),
        ...Array(3 + 4).fill(2),
        ...Array(4 + 4).fill(1),
      ]);
    }
    for (const endpointId of endpoints.slice(0, 2)) {
      const deliveries = await store.listDeliveries(accountId, { limit: 100, endpointId });
      expect(deliveries).toHaveLength(perEndpoint);
      expect(deliveries.every((d) => d.status === "succeeded" && d.attemptCount === 1)).toBe(true);
    }
    // The receiver that skipped step 2 would have rejected every delivery signed after the rotation.
    expect(skipper.accepts).toBe(8);
    expect(skipper.rejects).toBe(perEndpoint - 8);
    // Afterwards, the secret shows no previous one.
    const secret = await api.inject({
      method: "GET",
      url: `/v1/endpoints/${endpoints[0]}/secret`,
      headers: auth,
    });
    expect(secret.json()).toEqual({ secret: NEW_SECRET, previous: [] });
  });
});
