import { headersColumn } from "../attempt-values.js";
import { type ClaimedRowBase, toClaimedDelivery } from "../claimed-delivery-mapping.js";
import { attemptMinuteRows } from "../endpoint-attempt-minutes.js";
import { attemptOutcomes } from "../endpoint-health-rules.js";
import { headsByPlanner, strandedKeysSql } from "../ordered-delivery-sql.js";
import type { AttemptResult, ClaimedDelivery, ClaimInput, DeliveryQueueStore } from "../port.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import { type ClaimChoice, claimCap, claimChoices } from "./claim-selection.js";
import type { Queryable } from "./connection.js";
import { attemptMinutesCte, attemptMinutesParams } from "./endpoint-attempt-minutes.js";
import { recordWithCircuits } from "./endpoint-circuit.js";
import { endpointHealthCtes, endpointHealthParams } from "./endpoint-health.js";
import { nextDueAt, releaseClaims, releaseLeases } from "./lease-releases.js";
import { orderedKeysOfRows, settleOrderedKeysApart } from "./order-heads.js";
import { inOrderedReadTransaction } from "./ordered-read-transaction.js";
import type { PostgresContext } from "./postgres-context.js";
import { claimWithCircuits } from "./probe-claim.js";
import type { RecordedAttemptResults } from "./recorded-attempt-results.js";
import { attemptRequestParams, epochMs, toBytes } from "./rows.js";

interface ClaimedRow extends ClaimedRowBase {
  /** The previous secrets still active at claim time, newest first. */
  previous_secrets: string[];
  /** The sealed signing keys still active at claim time, current first. */
  signing_keys: string[];
  body: Buffer;
}

/** Rounds of choose-then-lease one claim makes at most when other claimers locked what it chose. */
const CLAIM_ROUNDS = 4;

/**
 * Chooses the deliveries to claim (`claimChoices`: fairness across endpoints, bounded reads)
 * and leases them, in one statement. When the bounded way found its window clogged by endpoints the
 * claim skips, the way around it runs next. When other claimers locked some of the chosen ones
 * meanwhile, it chooses again for the rest, looking further each round (a few rounds at most), and
 * leaving out the endpoints this claim already took from, so the per-endpoint cap holds throughout.
 */
export async function claimDueDeliveries(db: Queryable, input: ClaimInput): Promise<ClaimedDelivery[]> {
  const claimed: ClaimedDelivery[] = [];
  const excluded = new Set(input.excludeEndpointIds ?? []);
  const cap = claimCap(input);
  const lease = async (way: "fromWindow" | "perEndpoint", spread: number) => {
    const wanted = Math.floor(input.limit) - claimed.length;
    const remaining = { ...input, limit: wanted, excludeEndpointIds: [...excluded] };
    const choice = claimChoices(remaining, spread)?.[way];
    if (choice === undefined || wanted <= 0) return undefined;
    const outcome = await leaseChosen(db, input, choice, wanted, cap);
    claimed.push(...outcome.claimed);
    for (const delivery of outcome.claimed) excluded.add(delivery.endpointId);
    const clogged = choice.window !== null && outcome.scanned !== null && outcome.scanned >= choice.window;
    return { ...outcome, wanted, clogged, lostToOthers: outcome.locked < outcome.chosen };
  };
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const fromWindow = await lease("fromWindow", 2 ** round);
    if (fromWindow === undefined) break;
    let lostToOthers = fromWindow.lostToOthers;
    if (fromWindow.chosen < fromWindow.wanted && fromWindow.clogged) {
      lostToOthers = (await lease("perEndpoint", 2 ** round))?.lostToOthers === true || lostToOthers;
    }
    if (!lostToOthers) break;
  }
  return claimed;
}

interface LeaseOutcome {
  readonly claimed: ClaimedDelivery[];
  /** How many ids the choice offered, and how many due rows its bounded way read (null: other way). */
  readonly chosen: number;
  readonly scanned: number | null;
  /** How many of the chosen rows were still claimable and locked (fewer: others took them). */
  readonly locked: number;
}

/**
 * One statement: choose (`choice`), lock the chosen rows still pending, due (an ordered delivery held
 * since the choice's snapshot is not) and unleased, skipping rows
 * another claimer has locked (so concurrent workers never wait on each other nor take the same row),
 * lease the first `limit` of them, `cap` per endpoint at most, and read what the attempt needs (the
 * other locked rows are let go at commit). The locking read is MATERIALIZED so it runs
 * exactly once, and its ids are handed to the UPDATE as an array so the primary key finds them (a join
 * may scan the whole table). One row answers even when nothing was leased (the choice's counts).
 */
async function leaseChosen(
  db: Queryable,
  input: ClaimInput,
  choice: ClaimChoice,
  limit: number,
  cap: number,
): Promise<LeaseOutcome> {
  const result = await db.query<
    ClaimedRow & { chosen: number; scanned: number | null; locked: number; id: string | null }
  >(
    `WITH RECURSIVE ${choice.ctes(6)},
     locked AS MATERIALIZED (
       SELECT id, endpoint_id, next_attempt_at FROM deliveries
       WHERE id = ANY ((SELECT ids FROM choice)::text[]) AND status = 'pending' AND next_attempt_at <= $3
         AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
       FOR UPDATE SKIP LOCKED
     ), due AS MATERIALIZED (
       SELECT id FROM (
         SELECT id, next_attempt_at,
                row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at, id) AS position
         FROM locked
       ) ranked
       WHERE position <= $5
       ORDER BY next_attempt_at, id
       LIMIT $4
     ), claimed AS (
       UPDATE deliveries d SET lease_owner = $1, lease_expires_at = $2
       WHERE d.id = ANY (ARRAY(SELECT id FROM due))
       RETURNING d.id, d.account_id, d.endpoint_id, d.event_id, d.event_type, d.attempt_count, d.next_attempt_at,
                 d.retry_budget_start
     )
     SELECT cardinality(ch.ids) AS chosen, ch.scanned, (SELECT count(*)::int FROM locked) AS locked, r.*
     FROM choice ch
     LEFT JOIN LATERAL (
       SELECT c.id, c.account_id, c.endpoint_id, c.event_id, c.event_type, c.attempt_count, c.retry_budget_start,
              c.next_attempt_at, e.url, e.sealed_secret, ev.body,
              ARRAY(SELECT p.sealed_secret FROM endpoint_previous_secrets p
                    WHERE p.endpoint_id = c.endpoint_id AND p.expires_at > $3
                    ORDER BY p.retired_at DESC) AS previous_secrets,
              ARRAY(SELECT k.sealed_private_key ${activeSigningKeysWhere("c.endpoint_id", "$3")}
                    ${ACTIVE_SIGNING_KEYS_ORDER}) AS signing_keys
       FROM claimed c
       JOIN endpoints e ON e.id = c.endpoint_id
       JOIN events ev ON ev.id = c.event_id
     ) r ON true
     ORDER BY r.next_attempt_at, r.id`,
    [input.workerId, epochMs(input.now + input.leaseMs), epochMs(input.now), limit, cap, ...choice.params],
  );
  const first = result.rows[0];
  return {
    chosen: first?.chosen ?? 0,
    scanned: first?.scanned ?? null,
    locked: first?.locked ?? 0,
    claimed: result.rows.filter((row): row is typeof row & { id: string } => row.id !== null).map(toClaimed),
  };
}

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return toClaimedDelivery(row, row.previous_secrets, toBytes(row.body), row.signing_keys);
}

/** A resend asked during the attempt, or a recovery's when the attempt failed the delivery. */
const HONOURS_REQUEUE =
  "(d.requeue_requested_at IS NOT NULL AND (NOT d.requeue_if_failed OR r.status = 'failed'))";

/**
 * One statement whatever the batch size (so one round trip and one commit): every attempt row whose
 * delivery still exists is inserted, and each delivery whose lease `workerId` still holds moves to its
 * next state and loses its lease (a resend asked meanwhile wins: pending, due at its time, fresh budget; a recovery's only when the attempt failed it).
 * When a batch holds two results for one delivery, the first moves it (as applied in order). The
 * deliveries that no longer exist (retention deleted them meanwhile) are answered, and so are the
 * ordering keys of the deliveries it moved (their heads are settled next).
 *
 * Idempotent per attempt id: a call retried after its commit's answer was lost (during the COMMIT, or
 * before the heads were settled) finds its attempts stored; they are answered (`alreadyRecordedAttemptIds`)
 * and not inserted, counted or fed to the circuits again, their deliveries do not move (their lease is
 * gone), and their ordering keys are answered so that heads left unsettled are settled now.
 */
export async function recordAttemptResults(
  db: Queryable,
  results: readonly AttemptResult[],
): Promise<RecordedAttemptResults> {
  if (results.length === 0) return { missingDeliveryIds: [], alreadyRecordedAttemptIds: [], orderedKeys: [] };
  const attempts = results.map((r) => r.attempt);
  const requests = attempts.map(attemptRequestParams);
  const firstPerDelivery = new Map<string, AttemptResult>();
  for (const result of results) {
    if (!firstPerDelivery.has(result.attempt.deliveryId))
      firstPerDelivery.set(result.attempt.deliveryId, result);
  }
  // Rows are updated in id order, so two concurrent batches lock shared rows in the same order.
  const moves = [...firstPerDelivery.values()].sort((a, b) =>
    a.attempt.deliveryId < b.attempt.deliveryId ? -1 : a.attempt.deliveryId > b.attempt.deliveryId ? 1 : 0,
  );
  const answered = await db.query<{
    delivery_id: string | null;
    endpoint_id: string | null;
    order_key: string | null;
    position: string | null;
    already_recorded: string | null;
  }>(
    `WITH given AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::double precision[],
                            $6::integer[], $7::text[], $8::text[], $9::text[], $17::jsonb[], $18::jsonb[],
                            $22::boolean[], $23::text[])
         WITH ORDINALITY AS g(id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind,
                              error_message, response_excerpt, request_headers, response_headers,
                              request_signed, user_agent, position)
     ), recorded AS (
       INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind,
                             error_message, response_excerpt, request_signed, user_agent, request_headers,
                             response_headers)
       SELECT g.id, g.delivery_id, g.attempt_number, g.started_at, g.duration_ms, g.status_code, g.error_kind,
              g.error_message, g.response_excerpt, g.request_signed, g.user_agent, g.request_headers,
              g.response_headers
       FROM given g WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.id = g.delivery_id)
       ON CONFLICT DO NOTHING
       RETURNING id, delivery_id
     ), ${endpointHealthCtes(19)}, ${attemptMinutesCte(24, "recorded")},
     moved AS (
       UPDATE deliveries d SET
         status = CASE WHEN ${HONOURS_REQUEUE} THEN 'pending' ELSE r.status END,
         next_attempt_at = CASE WHEN ${HONOURS_REQUEUE} THEN d.requeue_requested_at ELSE r.next_attempt_at END,
         retry_budget_start = CASE WHEN ${HONOURS_REQUEUE} THEN d.attempt_count + 1 ELSE d.retry_budget_start END,
         requeue_requested_at = NULL,
         requeue_if_failed = false,
         attempt_count = d.attempt_count + 1,
         last_status_code = r.status_code,
         last_error_kind = r.error_kind,
         lease_owner = NULL,
         lease_expires_at = NULL,
         updated_at = r.finished_at
       FROM unnest($10::text[], $11::text[], $12::text[], $13::bigint[], $14::integer[], $15::text[], $16::bigint[])
         AS r(delivery_id, worker_id, status, next_attempt_at, status_code, error_kind, finished_at)
       WHERE d.id = r.delivery_id AND d.lease_owner = r.worker_id AND d.status = 'pending'
       RETURNING d.endpoint_id, d.order_key
     )
     SELECT g.delivery_id, NULL::text AS endpoint_id, NULL::text AS order_key, g.position,
            NULL::text AS already_recorded
     FROM given g
     WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = g.delivery_id)
     UNION ALL
     SELECT NULL, d.endpoint_id, d.order_key, NULL, g.id FROM given g JOIN deliveries d ON d.id = g.delivery_id
     WHERE NOT EXISTS (SELECT 1 FROM recorded r WHERE r.id = g.id)
     UNION ALL
     SELECT DISTINCT NULL, endpoint_id, order_key, NULL::bigint, NULL::text FROM moved WHERE order_key IS NOT NULL`,
    [
      attempts.map((a) => a.id),
      attempts.map((a) => a.deliveryId),
      attempts.map((a) => a.attemptNumber),
      attempts.map((a) => epochMs(a.startedAt)),
      attempts.map((a) => a.durationMs),
      attempts.map((a) => a.statusCode),
      attempts.map((a) => a.errorKind),
      attempts.map((a) => a.errorMessage),
      attempts.map((a) => a.responseExcerpt),
      moves.map((r) => r.attempt.deliveryId),
      moves.map((r) => r.workerId),
      moves.map((r) => r.next.status),
      moves.map((r) => (r.next.status === "pending" ? epochMs(r.next.nextAttemptAt) : null)),
      moves.map((r) => r.attempt.statusCode),
      moves.map((r) => r.attempt.errorKind),
      moves.map((r) => epochMs(r.attempt.startedAt + r.attempt.durationMs)),
      requests.map((r) => r.requestHeaders),
      attempts.map((a) => headersColumn(a.responseHeaders)),
      ...endpointHealthParams(attemptOutcomes(results)),
      requests.map((r) => r.requestSigned),
      requests.map((r) => r.userAgent),
      ...attemptMinutesParams(attemptMinuteRows(results)),
    ],
  );
  const missing = answered.rows.filter((row) => row.delivery_id !== null);
  missing.sort((a, b) => Number(a.position) - Number(b.position));
  return {
    missingDeliveryIds: missing.map((row) => row.delivery_id as string),
    alreadyRecordedAttemptIds: answered.rows.flatMap((row) =>
      row.already_recorded === null ? [] : [row.already_recorded],
    ),
    orderedKeys: answered.rows.flatMap((row) =>
      row.order_key === null ? [] : [{ endpointId: row.endpoint_id as string, orderKey: row.order_key }],
    ),
  };
}

export function postgresDeliveryQueueMethods({ pool, schema, circuit }: PostgresContext): DeliveryQueueStore {
  return {
    claimDueDeliveries: (input) =>
      inOrderedReadTransaction(pool, (tx) => claimWithCircuits(tx, input, claimDueDeliveries)),
    recordAttemptResults: async (results) => {
      const recorded = await recordWithCircuits(pool, results, circuit, recordAttemptResults);
      // A finished head lets its key's next delivery through, due when the attempt ended.
      const endedAt = Math.max(0, ...results.map(({ attempt }) => attempt.startedAt + attempt.durationMs));
      await settleOrderedKeysApart(pool, recorded.orderedKeys, endedAt);
      return { missingDeliveryIds: recorded.missingDeliveryIds };
    },
    releaseLeases: (workerId) => releaseLeases(pool, workerId, schema),
    releaseAllLeases: () => releaseLeases(pool, null, schema),
    releaseClaims: (workerId, deliveryIds) => releaseClaims(pool, workerId, deliveryIds, schema),
    nextDueAt: () => nextDueAt(pool),
    releaseStrandedOrderedKeys: async (now, limit) => {
      const found = await pool.query<{ endpoint_id: string; order_key: string }>(
        `${strandedKeysSql(headsByPlanner)} LIMIT $1`,
        [Math.max(0, Math.floor(limit))],
      );
      // Settled under each key's lock, which re-reads it: a key settled meanwhile is left as it is.
      await settleOrderedKeysApart(pool, orderedKeysOfRows(found.rows), now);
      return found.rows.length;
    },
  };
}
