import { newId } from "../../domain/ids.js";
import type { CreditState, EpochMs, NewEvent } from "../../domain/types.js";
import { FAN_OUT_COLUMNS, fanOutValues } from "../fan-out-values.js";
import type {
  CreditReportInput,
  PublishedEvent,
  PublishInput,
  PublishOutcome,
  PublishStore,
} from "../port.js";
import { asBuffer, type SqliteContext } from "./sqlite-context.js";

/** SQL function used by the fan-out INSERT ... SELECT to give each new delivery its own id. */
const NEW_DELIVERY_ID = "voicehire_new_delivery_id";

const FAN_OUT_SQL = `
INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, ${FAN_OUT_COLUMNS})
SELECT ${NEW_DELIVERY_ID}(@now), @accountId, @eventId, e.id, @type, ${fanOutValues("e.kind", "@now")}
FROM endpoint_event_types s JOIN endpoints e ON e.id = s.endpoint_id
WHERE s.account_id = @accountId AND s.event_type = @type AND e.enabled = 1 AND e.deleted_at IS NULL`;

const COUNT_SUBSCRIBERS_SQL = `
SELECT COUNT(*) FROM endpoint_event_types s JOIN endpoints e ON e.id = s.endpoint_id
WHERE s.account_id = ? AND s.event_type = ? AND e.enabled = 1 AND e.deleted_at IS NULL`;

interface CreditRow {
  credits_threshold: number;
  credit_balance: number | null;
  last_campaign_id: string | null;
}

/**
 * Publishing: each event stored once (exact bytes) and fanned out to its subscribed, enabled
 * endpoints with one INSERT ... SELECT, all in one IMMEDIATE transaction per call (`publishMany`: one
 * for all its inputs, so a group costs one commit).
 */
export function sqlitePublishMethods({ db, statement }: SqliteContext): PublishStore {
  db.function(NEW_DELIVERY_ID, { deterministic: false }, (now: unknown) => newId("dlv", Number(now)));

  /** Stores and fans out the events; a derived event nobody subscribes to is skipped (the first never is). */
  const writeEvents = (accountId: string, events: readonly NewEvent[], now: EpochMs): PublishedEvent[] => {
    const published: PublishedEvent[] = [];
    events.forEach((event, index) => {
      const mustStore = index === 0 || event.storeEvenWithoutDeliveries;
      if (!mustStore && statement(COUNT_SUBSCRIBERS_SQL).pluck().get(accountId, event.type) === 0) return;
      statement(
        "INSERT INTO events (id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ).run(
        event.id,
        accountId,
        event.type,
        event.occurredAt,
        asBuffer(event.body),
        now,
        event.campaignId ?? null,
        event.candidateId ?? null,
      );
      const fanOut = statement(FAN_OUT_SQL).run({ now, accountId, eventId: event.id, type: event.type });
      published.push({ id: event.id, type: event.type, deliveryCount: fanOut.changes });
    });
    return published;
  };

  const rememberCampaign = (accountId: string, campaignId: string | null) => {
    if (campaignId !== null) {
      statement("UPDATE accounts SET last_campaign_id = ? WHERE id = ?").run(campaignId, accountId);
    }
  };

  /** Stores one input's key and events; its campaign is the caller's to remember. */
  const writeOne = (input: PublishInput): PublishOutcome => {
    const { accountId, idempotencyKey, events, now } = input;
    if (idempotencyKey !== null) {
      const primaryEventId = statement(
        "SELECT primary_event_id FROM idempotency_keys WHERE account_id = ? AND key = ?",
      )
        .pluck()
        .get(accountId, idempotencyKey) as string | undefined;
      if (primaryEventId !== undefined) return { kind: "duplicate", primaryEventId };
    }
    const published = writeEvents(accountId, events, now);
    const primary = events[0];
    if (idempotencyKey !== null && primary !== undefined) {
      statement(
        "INSERT INTO idempotency_keys (account_id, key, primary_event_id, created_at) VALUES (?, ?, ?, ?)",
      ).run(accountId, idempotencyKey, primary.id, now);
    }
    return { kind: "published", events: published };
  };
  const publishMany = db.transaction((inputs: readonly PublishInput[]) => {
    const outcomes = inputs.map(writeOne);
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
    const events = writeEvents(input.accountId, input.deriveEvents(previous), input.now);
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
