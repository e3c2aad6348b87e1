import { newId } from "../../domain/ids.js";
import type { PublishedEvent, PublishInput, PublishOutcome } from "../port.js";
import type { Queryable } from "./connection.js";
import { epochMs } from "./rows.js";

/** `account_id` and `key` joined: one idempotency key of one account. */
const keyOf = (accountId: string, key: string) => `${accountId}\u0000${key}`;

/**
 * Claims the inputs' idempotency keys, with one statement for all of them. Answers the outcome of each
 * input that is a duplicate (of an earlier transaction, or of an earlier input of this call); the
 * others are left undefined: they own their key now and are to be published.
 */
async function claimKeys(
  db: Queryable,
  inputs: readonly PublishInput[],
): Promise<(PublishOutcome | undefined)[]> {
  const outcomes: (PublishOutcome | undefined)[] = inputs.map(() => undefined);
  const firstWithKey = new Map<string, number>();
  const repeats: [index: number, first: number][] = [];
  for (const [index, input] of inputs.entries()) {
    if (input.idempotencyKey === null) continue;
    const key = keyOf(input.accountId, input.idempotencyKey);
    const first = firstWithKey.get(key);
    if (first === undefined) firstWithKey.set(key, index);
    else repeats.push([index, first]);
  }
  // Sorted, so that two transactions claiming overlapping keys lock them in the same order (no deadlock).
  const claims = [...firstWithKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, i]) => i);
  if (claims.length > 0) {
    const claimInputs = claims.map((i) => inputs[i] as PublishInput);
    // Waits for a concurrent transaction holding one of these keys, then skips it: exactly one wins.
    const claimed = await db.query<{ primary_event_id: string }>(
      `INSERT INTO idempotency_keys (account_id, key, primary_event_id, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (account_id, key) DO NOTHING RETURNING primary_event_id`,
      [
        claimInputs.map((input) => input.accountId),
        claimInputs.map((input) => input.idempotencyKey),
        claimInputs.map((input) => input.events[0]?.id),
        claimInputs.map((input) => epochMs(input.now)),
      ],
    );
    const won = new Set(claimed.rows.map((row) => row.primary_event_id));
    const lost = claimInputs.filter((input) => !won.has(input.events[0]?.id ?? ""));
    if (lost.length > 0) {
      const existing = await db.query<{ account_id: string; key: string; primary_event_id: string }>(
        `SELECT account_id, key, primary_event_id FROM idempotency_keys
         WHERE (account_id, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [lost.map((input) => input.accountId), lost.map((input) => input.idempotencyKey)],
      );
      const primaryOf = new Map(
        existing.rows.map((row) => [keyOf(row.account_id, row.key), row.primary_event_id]),
      );
      for (const index of claims) {
        const input = inputs[index] as PublishInput;
        if (won.has(input.events[0]?.id ?? "")) continue;
        const primaryEventId = primaryOf.get(keyOf(input.accountId, input.idempotencyKey ?? ""));
        if (primaryEventId === undefined) {
          throw new Error("voicehire-webhooks: an idempotency key conflicted but its row is not visible");
        }
        outcomes[index] = { kind: "duplicate", primaryEventId };
      }
    }
  }
  for (const [index, first] of repeats) {
    const firstOutcome = outcomes[first];
    const primaryEventId =
      firstOutcome?.kind === "duplicate" ? firstOutcome.primaryEventId : (inputs[first]?.events[0]?.id ?? "");
    outcomes[index] = { kind: "duplicate", primaryEventId };
  }
  return outcomes;
}

/** Enabled endpoints subscribed to each (account, type) pair, oldest first, share-locked. */
async function findSubscribers(
  db: Queryable,
  inputs: readonly PublishInput[],
): Promise<Map<string, string[]>> {
  const pairs = new Map<string, [string, string]>();
  for (const input of inputs) {
    for (const event of input.events)
      pairs.set(keyOf(input.accountId, event.type), [input.accountId, event.type]);
  }
  // FOR SHARE keeps a concurrent deleteEndpoint (an UPDATE of the row) from committing between this read
  // and our insert: it would miss our pending deliveries, which would then go to a deleted endpoint.
  const result = await db.query<{ account_id: string; event_type: string; endpoint_id: string }>(
    `SELECT t.account_id, t.event_type, e.id AS endpoint_id
     FROM endpoints e JOIN endpoint_event_types t ON t.endpoint_id = e.id
     WHERE (t.account_id, t.event_type) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       AND e.enabled AND e.deleted_at IS NULL
     ORDER BY e.created_at, e.id
     FOR SHARE OF e`,
    [[...pairs.values()].map(([account]) => account), [...pairs.values()].map(([, type]) => type)],
  );
  const byPair = new Map<string, string[]>();
  for (const row of result.rows) {
    const pair = keyOf(row.account_id, row.event_type);
    byPair.set(pair, [...(byPair.get(pair) ?? []), row.endpoint_id]);
  }
  return byPair;
}

/**
 * Call inside a transaction. Publishes every input in order (see `PublishStore.publishMany`): the keys
 * in one statement, the subscribers in one, then every event, delivery and last campaign in one more.
 */
export async function publishMany(db: Queryable, inputs: readonly PublishInput[]): Promise<PublishOutcome[]> {
  if (inputs.some((input) => input.events.length === 0)) {
    throw new Error("voicehire-webhooks: publish needs at least one event");
  }
  const outcomes = await claimKeys(db, inputs);
  const toPublish = inputs.filter((_, index) => outcomes[index] === undefined);
  if (toPublish.length === 0) return outcomes as PublishOutcome[];
  const subscribers = await findSubscribers(db, toPublish);
  const events = {
    ids: [] as string[],
    accounts: [] as string[],
    types: [] as string[],
    times: [] as number[],
  };
  const eventRest = {
    bodies: [] as Uint8Array[],
    createdAt: [] as number[],
    campaigns: [] as (string | null)[],
  };
  const candidates: (string | null)[] = [];
  const deliveries = { ids: [] as string[], accounts: [] as string[], eventIds: [] as string[] };
  const deliveryRest = { endpointIds: [] as string[], types: [] as string[], times: [] as number[] };
  const lastCampaign = new Map<string, string>();
  for (const [index, input] of inputs.entries()) {
    if (outcomes[index] !== undefined) continue;
    const published: PublishedEvent[] = [];
    const now = epochMs(input.now);
    for (const [position, event] of input.events.entries()) {
      const endpointIds = subscribers.get(keyOf(input.accountId, event.type)) ?? [];
      // The first event is always stored, a derived one only when someone wants it.
      if (endpointIds.length === 0 && position > 0 && !event.storeEvenWithoutDeliveries) continue;
      published.push({ id: event.id, type: event.type, deliveryCount: endpointIds.length });
      events.ids.push(event.id);
      events.accounts.push(input.accountId);
      events.types.push(event.type);
      events.times.push(epochMs(event.occurredAt));
      eventRest.bodies.push(event.body);
      eventRest.createdAt.push(now);
      eventRest.campaigns.push(event.campaignId ?? null);
      candidates.push(event.candidateId ?? null);
      for (const endpointId of endpointIds) {
        deliveries.ids.push(newId("dlv", now));
        deliveries.accounts.push(input.accountId);
        deliveries.eventIds.push(event.id);
        deliveryRest.endpointIds.push(endpointId);
        deliveryRest.types.push(event.type);
        deliveryRest.times.push(now);
      }
    }
    if (input.campaignId !== null) lastCampaign.set(input.accountId, input.campaignId);
    outcomes[index] = { kind: "published", events: published };
  }
  await db.query(
    `WITH stored_events AS (
       INSERT INTO events (id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bytea[], $6::bigint[],
                            $7::text[], $8::text[])
     ), new_deliveries AS (
       INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
                               next_attempt_at, created_at, updated_at)
       SELECT d.id, d.account_id, d.event_id, d.endpoint_id, d.event_type, 'pending', 0, d.at, d.at, d.at
       FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[])
         AS d(id, account_id, event_id, endpoint_id, event_type, at)
     )
     UPDATE accounts a SET last_campaign_id = c.campaign_id
     FROM unnest($15::text[], $16::text[]) AS c(account_id, campaign_id) WHERE a.id = c.account_id`,
    [
      events.ids,
      events.accounts,
      events.types,
      events.times,
      eventRest.bodies,
      eventRest.createdAt,
      eventRest.campaigns,
      candidates,
      deliveries.ids,
      deliveries.accounts,
      deliveries.eventIds,
      deliveryRest.endpointIds,
      deliveryRest.types,
      deliveryRest.times,
      [...lastCampaign.keys()],
      [...lastCampaign.values()],
    ],
  );
  return outcomes as PublishOutcome[];
}
