import { join } from "node:path";
import type { DeliverySettings } from "../../../src/delivery/settings.js";
import { defaultDeliverySettings } from "../../../src/delivery/settings.js";
import { newId } from "../../../src/domain/ids.js";
import type { Logger } from "../../../src/domain/logger.js";
import type { SecretBox } from "../../../src/domain/secret-box.js";
import type { NewEvent, SigningKey } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { openSqliteStore, type SqliteStoreOptions } from "../../../src/store/sqlite/index.js";

/** A migrated SQLite store in its own file under `dir`. */
export async function openTestStore(
  dir: string,
  name = "deliveries.sqlite",
  options: Pick<SqliteStoreOptions, "circuit"> = {},
): Promise<Store> {
  const store = openSqliteStore({ file: join(dir, name), synchronous: "normal", ...options });
  await store.migrate();
  return store;
}

export async function seedAccount(store: Store): Promise<string> {
  const id = newId("acc");
  await store.createAccount({ id, name: "Acme Recrutement", creditsThreshold: 10, createdAt: Date.now() });
  return id;
}

export async function seedEndpoint(
  store: Store,
  accountId: string,
  url: string,
  options: {
    secretBox?: SecretBox;
    secret?: string;
    eventTypes?: readonly string[];
    signingKey?: SigningKey;
  } = {},
): Promise<string> {
  const id = newId("ep");
  const now = Date.now();
  await store.createEndpoint({
    id,
    accountId,
    url,
    description: "",
    eventTypes: options.eventTypes ?? ["campaign.created"],
    enabled: true,
    sealedSecret:
      options.secret !== undefined && options.secretBox ? options.secretBox.seal(options.secret) : null,
    createdAt: now,
    updatedAt: now,
    metadata: {},
    failingSince: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    disabledReason: null,
    disabledAt: null,
    ...(options.signingKey === undefined ? {} : { signingKey: options.signingKey }),
  });
  return id;
}

/** Publishes one envelope (`campaign.created` unless told); answers its id and its exact bytes. */
export async function publishEnvelope(
  store: Store,
  accountId: string,
  data: Record<string, unknown> = { campaign_id: "abc123def456", job_title: "Développeur Full Stack" },
  type = "campaign.created",
): Promise<{ eventId: string; body: Uint8Array }> {
  const eventId = newId("evt");
  const now = Date.now();
  // Spacing a re-serialization would lose: the receiver must get these very bytes.
  const text = `{"id":"${eventId}", "event":"${type}","timestamp":"${new Date(now).toISOString()}","data":${JSON.stringify(data)}}`;
  const body = new TextEncoder().encode(text);
  const outcome = await store.publish({
    accountId,
    idempotencyKey: null,
    events: [{ id: eventId, type, occurredAt: now, body, storeEvenWithoutDeliveries: true }],
    campaignId: null,
    now,
  });
  if (outcome.kind !== "published") throw new Error("voicehire-webhooks test: publish was a duplicate");
  return { eventId, body };
}

/** A new event of `type` occurring `now`, its envelope carrying `data`, stored even without deliveries. */
export function envelopeEvent(type: string, now: number, data: Record<string, unknown> = {}): NewEvent {
  const id = newId("evt");
  const text = `{"id":"${id}","event":"${type}","timestamp":"${new Date(now).toISOString()}","data":${JSON.stringify(data)}}`;
  return {
    id,
    type,
    occurredAt: now,
    body: new TextEncoder().encode(text),
    storeEvenWithoutDeliveries: true,
  };
}

/** Small, fast settings: retries after 20, 40 and 80 ms (no jitter), 1 s attempts. */
export function testSettings(overrides: Partial<DeliverySettings> = {}): DeliverySettings {
  return {
    ...defaultDeliverySettings,
    retrySchedule: { delaysMs: [20, 40, 80], jitterRatio: 0 },
    attemptTimeoutMs: 1000,
    leaseMs: 10_000,
    claimBatchSize: 16,
    maxInFlight: 16,
    maxInFlightPerEndpoint: 4,
    idlePollMs: 200,
    recordBatchMaxDelayMs: 2,
    userAgent: "VoiceHire-Webhooks/0.1.0",
    ...overrides,
  };
}

/** A logger that keeps every line, to check what was (and was not) logged. */
export function recordingLogger(): Logger & { lines: { level: string; fields: object; message: string }[] } {
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
