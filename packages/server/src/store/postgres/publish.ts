import { newId } from "../../domain/ids.js";
import type { CreditState, EpochMs, NewEvent } from "../../domain/types.js";
import { FAN_OUT_COLUMNS, fanOutValues } from "../fan-out-values.js";
import type {
  CreditReportInput,
  CreditReportOutcome,
  PublishedEvent,
  PublishInput,
  PublishOutcome,
  PublishStore,
} from "../port.js";
import { inTransaction, type Queryable } from "./connection.js";
import { notifyChannel } from "./notify-channel.js";
import type { PostgresContext } from "./postgres-context.js";
import { publishMany } from "./publish-many.js";
import { epochMs } from "./rows.js";

interface FanOut {
  readonly accountId: string;
  readonly events: readonly NewEvent[];
  readonly campaignId: string | null;
  readonly now: EpochMs;
  /**
   * The payload of the NOTIFY that wakes listening workers (the schema name), or null when the caller
   * wakes them after the commit instead (see `work-notifier.ts`).
   */
  readonly wakePayload: string | null;
}

/** Enabled endpoints of the account that selected one of `types`, oldest first, share-locked. */
async function findSubscribers(
  db: Queryable,
  accountId: string,
  types: readonly string[],
): Promise<Map<string, string[]>> {
  // FOR SHARE keeps a concurrent deleteEndpoint (an UPDATE of the row) from committing between this read
  // and our insert: it would miss our pending deliveries, which would then go to a deleted endpoint.
  const result = await db.query<{ endpoint_id: string; event_type: string }>(
    `SELECT e.id AS endpoint_id, t.event_type
     FROM endpoints e JOIN endpoint_event_types t ON t.endpoint_id = e.id
     WHERE t.account_id = $1 AND t.event_type = ANY($2::text[]) AND e.enabled AND e.deleted_at IS NULL
     ORDER BY e.created_at, e.id
     FOR SHARE OF e`,
    [accountId, [...new Set(types)]],
  );
  const byType = new Map<string, string[]>();
  for (const row of result.rows) {
    const list = byType.get(row.event_type) ?? [];
    list.push(row.endpoint_id);
    byType.set(row.event_type, list);
  }
  return byType;
}

/**
 * Call inside a transaction. Stores the events worth storing and one pending delivery (due at `now`)
 * per subscriber, remembers the campaign, and notifies workers, in one statement after the lookup.
 * Only the credit events come this way: they carry no candidate nor campaign, so they are never ordered.
 */
export async function fanOutEvents(db: Queryable, input: FanOut): Promise<PublishedEvent[]> {
  if (input.events.length === 0) {
    if (input.campaignId !== null) {
      await db.query("UPDATE accounts SET last_campaign_id = $2 WHERE id = $1", [
        input.accountId,
        input.campaignId,
      ]);
    }
    return [];
  }
  const subscribers = await findSubscribers(
    db,
    input.accountId,
    input.events.map((event) => event.type),
  );
  const published: PublishedEvent[] = [];
  const stored: NewEvent[] = [];
  const deliveries = {
    ids: [] as string[],
    eventIds: [] as string[],
    endpointIds: [] as string[],
    types: [] as string[],
  };
  for (const [index, event] of input.events.entries()) {
    const endpointIds = subscribers.get(event.type) ?? [];
    // Like the SQLite store: the first event is always stored, a derived one only when worth it.
    if (endpointIds.length === 0 && index > 0 && !event.storeEvenWithoutDeliveries) continue;
    stored.push(event);
    published.push({ id: event.id, type: event.type, deliveryCount: endpointIds.length });
    for (const endpointId of endpointIds) {
      deliveries.ids.push(newId("dlv", epochMs(input.now)));
      deliveries.eventIds.push(event.id);
      deliveries.endpointIds.push(endpointId);
      deliveries.types.push(event.type);
    }
  }
  await db.query(
    `WITH stored_events AS (
       INSERT INTO events (id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id)
       SELECT e.id, $1, e.type, e.occurred_at, e.body, $2, e.campaign_id, e.candidate_id
       FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bytea[], $14::text[], $15::text[])
         AS e(id, type, occurred_at, body, campaign_id, candidate_id)
     ), new_deliveries AS (
       INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, ${FAN_OUT_COLUMNS})
       SELECT d.id, $1, d.event_id, d.endpoint_id, d.event_type, ${fanOutValues("ep.kind", "$2", "NULL::text", "NULL::bigint")}
       FROM unnest($7::text[], $8::text[], $9::text[], $10::text[]) AS d(id, event_id, endpoint_id, event_type)
         JOIN endpoints ep ON ep.id = d.endpoint_id
     ), campaign AS (
       UPDATE accounts SET last_campaign_id = $11 WHERE id = $1 AND $11::text IS NOT NULL
     )
     SELECT pg_notify($12, $13) WHERE cardinality($7::text[]) > 0 AND $13::text IS NOT NULL`,
    [
      input.accountId,
      epochMs(input.now),
      stored.map((event) => event.id),
      stored.map((event) => event.type),
      stored.map((event) => epochMs(event.occurredAt)),
      stored.map((event) => event.body),
      deliveries.ids,
      deliveries.eventIds,
      deliveries.endpointIds,
      deliveries.types,
      input.campaignId,
      notifyChannel,
      input.wakePayload,
      stored.map((event) => event.campaignId ?? null),
      stored.map((event) => event.candidateId ?? null),
    ],
  );
  return published;
}

/** Call inside a transaction: the account row stays locked until it ends, so reports never interleave. */
export async function reportCreditBalance(
  db: Queryable,
  input: CreditReportInput,
  wakePayload: string | null,
): Promise<CreditReportOutcome> {
  const result = await db.query<{
    credit_balance: number | null;
    credits_threshold: number;
    last_campaign_id: string | null;
  }>("SELECT credit_balance, credits_threshold, last_campaign_id FROM accounts WHERE id = $1 FOR UPDATE", [
    input.accountId,
  ]);
  const row = result.rows[0];
  if (row === undefined) {
    throw new Error(
      `voicehire-webhooks: no account ${JSON.stringify(input.accountId)} to report credits for`,
    );
  }
  const previous: CreditState = {
    balance: row.credit_balance,
    threshold: row.credits_threshold,
    lastCampaignId: row.last_campaign_id,
  };
  const derived = input.deriveEvents(previous);
  await db.query("UPDATE accounts SET credit_balance = $2 WHERE id = $1", [input.accountId, input.balance]);
  const events = await fanOutEvents(db, {
    accountId: input.accountId,
    events: derived,
    campaignId: input.campaignId,
    now: input.now,
    wakePayload,
  });
  return { previous, events };
}

export function postgresPublishMethods({ pool, workNotifier, subscriptions }: PostgresContext): PublishStore {
  // Publishes wake workers after they commit, coalesced (a NOTIFY inside each would serialize commits).
  const wakeWorkersIfNeeded = <T extends { readonly events: readonly PublishedEvent[] }>(outcome: T): T => {
    if (outcome.events.some((event) => event.deliveryCount > 0)) workNotifier.nudge();
    return outcome;
  };
  const publishAll = async (inputs: readonly PublishInput[]): Promise<PublishOutcome[]> => {
    if (inputs.length === 0) return [];
    // No transaction around it: publishMany's one write statement is atomic by itself.
    const outcomes = await publishMany(pool, subscriptions, inputs);
    const woke = outcomes.some((o) => o.kind === "published" && o.events.some((e) => e.deliveryCount > 0));
    if (woke) workNotifier.nudge();
    return outcomes;
  };
  return {
    publish: async (input) => {
      const [outcome] = await publishAll([input]);
      if (outcome === undefined) throw new Error("voicehire-webhooks: publish answered nothing");
      return outcome;
    },
    publishMany: publishAll,
    reportCreditBalance: (input) =>
      inTransaction(pool, (tx) => reportCreditBalance(tx, input, null)).then(wakeWorkersIfNeeded),
  };
}
