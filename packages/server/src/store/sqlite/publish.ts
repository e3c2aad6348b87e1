import { type OrderedKey, orderedKeyId } from "../../domain/order-head.js";
import type { CreditState, EndpointOrdering, EpochMs, NewEvent } from "../../domain/types.js";
import { FAN_OUT_COLUMNS, fanOutValues } from "../fan-out-values.js";
import type {
  CreditReportInput,
  PublishedEvent,
  PublishInput,
  PublishOutcome,
  PublishStore,
} from "../port.js";
import { createCandidateIndexer } from "./candidate-index.js";
import { createMultiRowStatement } from "./multi-row-statement.js";
import { settleOrderedKeys } from "./order-heads.js";
import { asBuffer, type SqliteContext } from "./sqlite-context.js";
import { readSubscriptions, type SqliteSubscriptions } from "./subscriptions.js";

const INSERT_EVENTS =
  "INSERT INTO events (number, id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id) VALUES";
/**
 * A delivery to be sent is written with a lease that expired long ago, in 8 bytes: its claim writes the
 * lease's end (6 bytes) and its worker's number (1 or 2) there, so the row does not grow and split the
 * page the publish packed it into (migration 014).
 */
const RESERVED_LEASE = `CASE column3 WHEN 'pull' THEN NULL ELSE ${Number.MIN_SAFE_INTEGER} END`;
/**
 * Deliveries are inserted from a list of rows holding what varies (event number, endpoint, the endpoint's kind,
 * the time, the ordering key and its sequence); the fan-out rule reads them as columns, so each row binds
 * 6 values instead of the 11 its placeholders would take, binding being a good part of an insert's cost.
 * The delivery's number is its key and its public id follows from it (delivery-numbers.ts); its event's
 * type and its endpoint's account are theirs (migrations 016, 017).
 */
const INSERT_DELIVERIES = `INSERT INTO deliveries (event_number, endpoint_id, lease_expires_at,
  ${FAN_OUT_COLUMNS}) SELECT column1, column2, ${RESERVED_LEASE},
  ${fanOutValues("column3", "column4", "column5", "column6")} FROM (VALUES`;
const DELIVERY_ROW = "(?, ?, ?, ?, ?, ?)";
const INSERT_KEYS = "INSERT INTO idempotency_keys (account_id, key, primary_event_id, created_at) VALUES";

/** The rows one transaction writes, gathered first and inserted many to a statement at its end. */
interface PendingRows {
  readonly events: unknown[][];
  readonly deliveries: unknown[][];
  readonly keys: unknown[][];
  /** Each account's subscriptions, read once per transaction. */
  readonly subscriptions: Map<string, SqliteSubscriptions>;
  /** The keys this transaction claimed: a later input with one of them is its duplicate. */
  readonly claimed: Map<string, string>;
  /** The ordering keys this transaction gave deliveries to: their heads are settled before it commits. */
  readonly orderedKeys: Map<string, OrderedKey>;
  /** The last publish-order number given in this transaction (undefined until one is). */
  readonly orderSeq: { last?: number };
  /** The last event number given in this transaction (undefined until one is): deliveries name it. */
  readonly eventNumber: { last?: number };
}

/** The ordering key of `event` for an endpoint ordered by `ordering` (none when it lacks that field). */
function orderKeyOf(event: NewEvent, ordering: EndpointOrdering | undefined): string | null {
  if (ordering === undefined) return null;
  return (ordering === "candidate" ? event.candidateId : event.campaignId) ?? null;
}

interface CreditRow {
  credits_threshold: number;
  credit_balance: number | null;
  last_campaign_id: string | null;
}

/**
 * Publishing: each event stored once (exact bytes) and fanned out to its subscribed, enabled
 * endpoints (read once per account and call), all in one IMMEDIATE transaction per call (`publishMany`:
 * one for all its inputs, so a group costs one commit). The rows are gathered first and then written
 * with multi-row INSERTs, many rows to a native call.
 */
export function sqlitePublishMethods(
  context: SqliteContext,
  options: { readonly candidateIndexBatchEvents?: number } = {},
): PublishStore {
  const { db, statement } = context;
  const indexCandidates = createCandidateIndexer(context, options.candidateIndexBatchEvents);
  const newRows = (): PendingRows => ({
    events: [],
    deliveries: [],
    keys: [],
    subscriptions: new Map(),
    claimed: new Map(),
    orderedKeys: new Map(),
    orderSeq: {},
    eventNumber: {},
  });
  /**
   * The next number of a counter of this transaction: one writer, so where it stands is read once per
   * transaction (`startSql`) and counted on in memory in the order rows are written. Publish order within
   * a key (`delivery_order_sequence`, whose last number is written back), and events' numbers (their
   * rowid, from the greatest one stored).
   */
  const next = (counter: { last?: number }, startSql: string): number => {
    counter.last ??= statement(startSql).pluck().get() as number;
    counter.last += 1;
    return counter.last;
  };
  const nextOrderSeq = (rows: PendingRows) =>
    next(rows.orderSeq, "SELECT last FROM delivery_order_sequence WHERE id = 1");
  const nextEventNumber = (rows: PendingRows) =>
    next(rows.eventNumber, "SELECT coalesce(max(number), 0) FROM events");
  const subscribersOf = (rows: PendingRows, accountId: string, type: string): readonly string[] => {
    let subscriptions = rows.subscriptions.get(accountId);
    if (subscriptions === undefined) {
      subscriptions = readSubscriptions(context, accountId);
      rows.subscriptions.set(accountId, subscriptions);
    }
    return subscriptions.byType.get(type) ?? [];
  };
  const insertEvents = createMultiRowStatement(context, INSERT_EVENTS, "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const insertDeliveries = createMultiRowStatement(context, INSERT_DELIVERIES, DELIVERY_ROW, ")");
  const insertKeys = createMultiRowStatement(context, INSERT_KEYS, "(?, ?, ?, ?)");
  // Events first: deliveries and keys reference them. Then the touched keys' heads are let through.
  const flush = (rows: PendingRows, now: EpochMs) => {
    insertEvents(rows.events);
    insertDeliveries(rows.deliveries);
    insertKeys(rows.keys);
    if (rows.eventNumber.last !== undefined) indexCandidates(rows.eventNumber.last);
    if (rows.orderSeq.last !== undefined) {
      statement("UPDATE delivery_order_sequence SET last = ? WHERE id = 1").run(rows.orderSeq.last);
    }
    settleOrderedKeys(context, rows.orderedKeys.values(), now);
  };

  /** Gathers the events and their deliveries; a derived event nobody subscribes to is skipped (the first never is). */
  const writeEvents = (
    rows: PendingRows,
    accountId: string,
    events: readonly NewEvent[],
    now: EpochMs,
  ): PublishedEvent[] => {
    const published: PublishedEvent[] = [];
    events.forEach((event, index) => {
      const endpointIds = subscribersOf(rows, accountId, event.type);
      if (index > 0 && !event.storeEvenWithoutDeliveries && endpointIds.length === 0) return;
      const eventNumber = nextEventNumber(rows);
      rows.events.push([
        eventNumber,
        event.id,
        accountId,
        event.type,
        event.occurredAt,
        asBuffer(event.body),
        now,
        event.campaignId ?? null,
        event.candidateId ?? null,
      ]);
      const { pullEndpoints, orderings } = rows.subscriptions.get(accountId) as SqliteSubscriptions;
      for (const endpointId of endpointIds) {
        const kind = pullEndpoints.has(endpointId) ? "pull" : "push";
        const orderKey = orderKeyOf(event, orderings.get(endpointId));
        const orderSeq = orderKey === null ? null : nextOrderSeq(rows);
        if (orderKey !== null) {
          const key = { endpointId, orderKey };
          rows.orderedKeys.set(orderedKeyId(key), key);
        }
        rows.deliveries.push([eventNumber, endpointId, kind, now, orderKey, orderSeq]);
      }
      published.push({ id: event.id, type: event.type, deliveryCount: endpointIds.length });
    });
    return published;
  };

  const rememberCampaign = (accountId: string, campaignId: string | null) => {
    if (campaignId !== null) {
      statement("UPDATE accounts SET last_campaign_id = ? WHERE id = ?").run(campaignId, accountId);
    }
  };

  /** Gathers one input's key and events; its campaign is the caller's to remember. */
  const writeOne = (rows: PendingRows, input: PublishInput): PublishOutcome => {
    const { accountId, idempotencyKey, events, now } = input;
    const primary = events[0];
    if (primary === undefined) throw new Error("voicehire-webhooks: publish needs at least one event");
    if (idempotencyKey !== null) {
      const pair = `${accountId}\u0000${idempotencyKey}`;
      const primaryEventId =
        rows.claimed.get(pair) ??
        (statement("SELECT primary_event_id FROM idempotency_keys WHERE account_id = ? AND key = ?")
          .pluck()
          .get(accountId, idempotencyKey) as string | undefined);
      if (primaryEventId !== undefined) return { kind: "duplicate", primaryEventId };
      rows.claimed.set(pair, primary.id);
      rows.keys.push([accountId, idempotencyKey, primary.id, now]);
    }
    return { kind: "published", events: writeEvents(rows, accountId, events, now) };
  };
  const publishMany = db.transaction((inputs: readonly PublishInput[]) => {
    const rows = newRows();
    const outcomes = inputs.map((input) => writeOne(rows, input));
    flush(rows, Math.max(...inputs.map((input) => input.now)));
    // One update per account, with the last campaign it published: what one publish after the other leaves.
    const lastCampaigns = new Map<string, string>();
    inputs.forEach((input, index) => {
      if (outcomes[index]?.kind === "published" && input.campaignId !== null) {
        lastCampaigns.set(input.accountId, input.campaignId);
      }
    });
    for (const [accountId, campaignId] of lastCampaigns) rememberCampaign(accountId, campaignId);
    return outcomes;
  });

  const reportCreditBalance = db.transaction((input: CreditReportInput) => {
    const row = statement(
      "SELECT credits_threshold, credit_balance, last_campaign_id FROM accounts WHERE id = ?",
    ).get(input.accountId) as CreditRow | undefined;
    if (row === undefined) {
      throw new Error(`voicehire-webhooks: cannot report credits of unknown account ${input.accountId}`);
    }
    const previous: CreditState = {
      balance: row.credit_balance,
      threshold: row.credits_threshold,
      lastCampaignId: row.last_campaign_id,
    };
    statement("UPDATE accounts SET credit_balance = ? WHERE id = ?").run(input.balance, input.accountId);
    rememberCampaign(input.accountId, input.campaignId);
    const rows = newRows();
    const events = writeEvents(rows, input.accountId, input.deriveEvents(previous), input.now);
    flush(rows, input.now);
    return { previous, events };
  });

  return {
    async publish(input) {
      const [outcome] = publishMany.immediate([input]);
      if (outcome === undefined) throw new Error("voicehire-webhooks: publish answered nothing");
      return outcome;
    },
    async publishMany(inputs) {
      return publishMany.immediate(inputs);
    },
    async reportCreditBalance(input) {
      return reportCreditBalance.immediate(input);
    },
  };
}
