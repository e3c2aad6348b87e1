import type pg from "pg";
import { newId } from "../../domain/ids.js";
import type { OrderedKey } from "../../domain/order-head.js";
import type { PublishedEvent, PublishInput, PublishOutcome } from "../port.js";
import type { SubscriptionCache, Subscriptions } from "../subscription-cache.js";
import { settleOrderedKeysApart } from "./order-heads.js";
import { PUBLISH_STATEMENT } from "./publish-statement.js";
import { epochMs } from "./rows.js";

/** `account_id` and `key` joined: one idempotency key of one account (or one event type of one account). */
const pairOf = (accountId: string, value: string) => `${accountId}\u0000${value}`;

/**
 * Enabled endpoints subscribed to each (account, type) pair of the inputs, oldest first: from memory for
 * the accounts read less than a second ago (subscription-cache.ts), in one read for the others. A stale
 * entry can only miss an endpoint made by another process within that bound: one disabled or deleted
 * since is dropped by the write statement itself (`live_endpoints`).
 */
async function findSubscribers(
  db: pg.Pool,
  cache: SubscriptionCache,
  inputs: readonly PublishInput[],
): Promise<Map<string, readonly string[]>> {
  const byAccount = new Map<string, Subscriptions>();
  const toRead = new Set<string>();
  for (const { accountId } of inputs) {
    if (byAccount.has(accountId) || toRead.has(accountId)) continue;
    const cached = cache.get(accountId);
    if (cached === undefined) toRead.add(accountId);
    else byAccount.set(accountId, cached);
  }
  if (toRead.size > 0) {
    const tokens = [...toRead].map((accountId) => cache.begin(accountId));
    // Named: each connection parses and plans it once, and the text is not sent again.
    const result = await db.query<{ account_id: string; event_type: string; endpoint_id: string }>({
      name: "voicehire_publish_subscriptions",
      text: `SELECT t.account_id, t.event_type, e.id AS endpoint_id
       FROM endpoints e JOIN endpoint_event_types t ON t.endpoint_id = e.id
       WHERE t.account_id = ANY($1::text[]) AND e.enabled AND e.deleted_at IS NULL
       ORDER BY e.created_at, e.id`,
      values: [[...toRead]],
    });
    const read = new Map<string, Map<string, string[]>>([...toRead].map((id) => [id, new Map()]));
    for (const row of result.rows) {
      const types = read.get(row.account_id);
      const ids = types?.get(row.event_type);
      if (ids === undefined) types?.set(row.event_type, [row.endpoint_id]);
      else ids.push(row.endpoint_id);
    }
    for (const token of tokens) {
      const subscriptions = read.get(token.accountId) ?? new Map();
      cache.keep(token, subscriptions);
      byAccount.set(token.accountId, subscriptions);
    }
  }
  const byPair = new Map<string, readonly string[]>();
  for (const input of inputs) {
    const subscriptions = byAccount.get(input.accountId);
    for (const event of input.events) {
      byPair.set(pairOf(input.accountId, event.type), subscriptions?.get(event.type) ?? []);
    }
  }
  return byPair;
}

/** The parameters of the publish statement (see publish-statement.ts), and the events it may store. */
function columns(
  inputs: readonly PublishInput[],
  subscribers: Map<string, readonly string[]>,
  claimants: Set<number>,
) {
  const c = {
    keyAccounts: [] as string[],
    keys: [] as string[],
    keyPrimaries: [] as string[],
    keyTimes: [] as number[],
    eventIds: [] as string[],
    eventAccounts: [] as string[],
    eventTypes: [] as string[],
    occurredAt: [] as number[],
    bodies: [] as Uint8Array[],
    createdAt: [] as number[],
    campaigns: [] as (string | null)[],
    candidates: [] as (string | null)[],
    eventPrimaries: [] as string[],
    eventClaims: [] as boolean[],
    deliveryIds: [] as string[],
    deliveryAccounts: [] as string[],
    deliveryEvents: [] as string[],
    deliveryEndpoints: [] as string[],
    deliveryTypes: [] as string[],
    deliveryTimes: [] as number[],
    campaignAccounts: [] as string[],
    campaignIds: [] as string[],
    campaignPrimaries: [] as string[],
    campaignClaims: [] as boolean[],
  };
  for (const [index, input] of inputs.entries()) {
    const primaryId = input.events[0]?.id ?? "";
    const claims = claimants.has(index);
    // A later input with an already used key of this call is a duplicate: nothing of it is written.
    if (input.idempotencyKey !== null && !claims) continue;
    const now = epochMs(input.now);
    if (claims) {
      c.keyAccounts.push(input.accountId);
      c.keys.push(input.idempotencyKey ?? "");
      c.keyPrimaries.push(primaryId);
      c.keyTimes.push(now);
    }
    for (const [position, event] of input.events.entries()) {
      const endpointIds = subscribers.get(pairOf(input.accountId, event.type)) ?? [];
      // The first event is always stored, a derived one only when someone wants it.
      if (endpointIds.length === 0 && position > 0 && !event.storeEvenWithoutDeliveries) continue;
      c.eventIds.push(event.id);
      c.eventAccounts.push(input.accountId);
      c.eventTypes.push(event.type);
      c.occurredAt.push(epochMs(event.occurredAt));
      c.bodies.push(event.body);
      c.createdAt.push(now);
      c.campaigns.push(event.campaignId ?? null);
      c.candidates.push(event.candidateId ?? null);
      c.eventPrimaries.push(primaryId);
      c.eventClaims.push(claims);
      for (const endpointId of endpointIds) {
        c.deliveryIds.push(newId("dlv", now));
        c.deliveryAccounts.push(input.accountId);
        c.deliveryEvents.push(event.id);
        c.deliveryEndpoints.push(endpointId);
        c.deliveryTypes.push(event.type);
        c.deliveryTimes.push(now);
      }
    }
    if (input.campaignId !== null) {
      c.campaignAccounts.push(input.accountId);
      c.campaignIds.push(input.campaignId);
      c.campaignPrimaries.push(primaryId);
      c.campaignClaims.push(claims);
    }
  }
  // Claimed in a stable order (see publish-statement.ts): sort the four key columns together.
  const order = c.keys
    .map((_, i) => i)
    .sort((a, b) => {
      const x = pairOf(c.keyAccounts[a] ?? "", c.keys[a] ?? "");
      const y = pairOf(c.keyAccounts[b] ?? "", c.keys[b] ?? "");
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const sorted = <T>(values: T[]) => order.map((i) => values[i] as T);
  const values = [
    sorted(c.keyAccounts),
    sorted(c.keys),
    sorted(c.keyPrimaries),
    sorted(c.keyTimes),
    c.eventIds,
    c.eventAccounts,
    c.eventTypes,
    c.occurredAt,
    c.bodies,
    c.createdAt,
    c.campaigns,
    c.candidates,
    c.eventPrimaries,
    c.eventClaims,
    c.deliveryIds,
    c.deliveryAccounts,
    c.deliveryEvents,
    c.deliveryEndpoints,
    c.deliveryTypes,
    c.deliveryTimes,
    c.campaignAccounts,
    c.campaignIds,
    c.campaignPrimaries,
    c.campaignClaims,
  ];
  return { values, storedEventIds: new Set(c.eventIds) };
}

interface StatementRow {
  readonly kind: "claimed" | "delivered" | "existing" | "ordered";
  readonly account_id: string | null;
  readonly key: string | null;
  readonly id: string;
  readonly n: number | null;
}

/**
 * Publishes every input in order (see `PublishStore.publishMany`) in at most two round trips and no
 * explicit transaction: a read of the subscribers (none when every account's are in memory), then ONE statement, atomic by itself, that claims the
 * idempotency keys and stores the events of the inputs that own theirs, with their deliveries (to the
 * endpoints still live when it runs, share-locked so a concurrent deletion waits for it) and the
 * accounts' last campaign. A key first used by a transaction that committed after this statement began
 * is read in a third trip (a race, not the common path).
 */
export async function publishMany(
  db: pg.Pool,
  cache: SubscriptionCache,
  inputs: readonly PublishInput[],
): Promise<PublishOutcome[]> {
  if (inputs.some((input) => input.events.length === 0)) {
    throw new Error("voicehire-webhooks: publish needs at least one event");
  }
  if (inputs.length === 0) return [];
  // The first input with a key claims it; a later one with the same key is a duplicate of it.
  const firstWithKey = new Map<string, number>();
  const claimants = new Set<number>();
  for (const [index, input] of inputs.entries()) {
    if (input.idempotencyKey === null) continue;
    const pair = pairOf(input.accountId, input.idempotencyKey);
    if (firstWithKey.has(pair)) continue;
    firstWithKey.set(pair, index);
    claimants.add(index);
  }
  const subscribers = await findSubscribers(db, cache, inputs);
  const { values, storedEventIds } = columns(inputs, subscribers, claimants);
  const result = await db.query<StatementRow>({ name: "voicehire_publish", text: PUBLISH_STATEMENT, values });
  const claimed = new Set<string>();
  const delivered = new Map<string, number>();
  const existing = new Map<string, string>();
  const orderedKeys: OrderedKey[] = [];
  for (const row of result.rows) {
    if (row.kind === "claimed") claimed.add(row.id);
    else if (row.kind === "delivered") delivered.set(row.id, Number(row.n));
    else if (row.kind === "ordered")
      orderedKeys.push({ endpointId: row.account_id ?? "", orderKey: row.key ?? "" });
    else existing.set(pairOf(row.account_id ?? "", row.key ?? ""), row.id);
  }
  // Ordered deliveries were written held: their keys' heads are let through before the publish answers.
  await settleOrderedKeysApart(db, orderedKeys, Math.max(...inputs.map((input) => input.now)));
  const lost = inputs.filter(
    (input, index) =>
      claimants.has(index) &&
      !claimed.has(input.events[0]?.id ?? "") &&
      !existing.has(pairOf(input.accountId, input.idempotencyKey ?? "")),
  );
  if (lost.length > 0) {
    const late = await db.query<{ account_id: string; key: string; primary_event_id: string }>(
      `SELECT account_id, key, primary_event_id FROM idempotency_keys
       WHERE (account_id, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [lost.map((input) => input.accountId), lost.map((input) => input.idempotencyKey)],
    );
    for (const row of late.rows) existing.set(pairOf(row.account_id, row.key), row.primary_event_id);
  }
  return inputs.map((input, index): PublishOutcome => {
    const primaryId = input.events[0]?.id ?? "";
    if (input.idempotencyKey !== null && !claimed.has(primaryId)) {
      const pair = pairOf(input.accountId, input.idempotencyKey);
      const first = firstWithKey.get(pair) ?? index;
      const firstPrimary = inputs[first]?.events[0]?.id ?? "";
      const primaryEventId = first !== index && claimed.has(firstPrimary) ? firstPrimary : existing.get(pair);
      if (primaryEventId === undefined) {
        throw new Error("voicehire-webhooks: an idempotency key conflicted but its row is not visible");
      }
      return { kind: "duplicate", primaryEventId };
    }
    const events: PublishedEvent[] = input.events.flatMap((event) =>
      storedEventIds.has(event.id)
        ? [{ id: event.id, type: event.type, deliveryCount: delivered.get(event.id) ?? 0 }]
        : [],
    );
    return { kind: "published", events };
  });
}
