import { type ClaimedRowBase, toClaimedDelivery } from "../claimed-delivery-mapping.js";
import type { ClaimedDelivery, ClaimInput } from "../port.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import { type ClaimChoice, claimCap, claimChoices } from "./claim-selection.js";
import type { Queryable } from "./connection.js";
import { epochMs, toBytes } from "./rows.js";

interface ClaimedRow extends ClaimedRowBase {
  /** The previous secrets still active at claim time, newest first. */
  previous_secrets: string[];
  /** The sealed signing keys still active at claim time, current first. */
  signing_keys: string[];
  body: Buffer;
}

/** Runs one step of a claim in a transaction of its own (`inOrderedReadTransaction`). */
export type ClaimStep = <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;

/**
 * Chooses the deliveries to claim (`claimChoices`: fairness across endpoints, bounded reads)
 * and leases them, in one statement. When the bounded way found its window clogged by endpoints the
 * claim skips, the way around it runs next. What other claimers locked meanwhile is skipped, and the
 * claim returns what it got, possibly nothing: with several workers an empty claim may mean that others
 * took all it chose, and the worker claims again when woken (a publish, a freed slot, the idle poll).
 *
 * Each statement commits on its own (`inStep`). A locking read keeps every row it locked until its
 * transaction ends, those it then found leased by another claimer included (chosen from its snapshot,
 * locked in their newest version, then left out), and the recording of those rows by their holder waits
 * for it. Claims used to choose again whenever others had taken any of what they chose (which with
 * several workers they always had), up to 4 rounds in one transaction with windows growing to 16 times
 * the batch, each round locking all it chose: bench --quick --only postgres drained a 16,000-delivery
 * backlog at 2,196 / 904 / 525 deliveries/s with 1 / 2 / 4 worker processes (not all of it arrived in
 * time with 2 and 4); with one choice, at 1,758 / 1,457 / 1,544 and 1,862 / 1,469 / 1,681. Choosing again
 * only after an empty claim, each round in its own transaction, was still slower: 1,913 / 978 / 1,143
 * and 1,900 / 1,435 / 826 with growing windows, and 1,724 / 772 / 686 with the same window.
 */
export async function claimDueDeliveries(inStep: ClaimStep, input: ClaimInput): Promise<ClaimedDelivery[]> {
  const claimed: ClaimedDelivery[] = [];
  const excluded = new Set(input.excludeEndpointIds ?? []);
  const cap = claimCap(input);
  const lease = async (way: "fromWindow" | "perEndpoint") => {
    const wanted = Math.floor(input.limit) - claimed.length;
    const remaining = { ...input, limit: wanted, excludeEndpointIds: [...excluded] };
    const choice = claimChoices(remaining)?.[way];
    if (choice === undefined || wanted <= 0) return undefined;
    const outcome = await inStep((db) => leaseChosen(db, input, choice, wanted, cap));
    claimed.push(...outcome.claimed);
    for (const delivery of outcome.claimed) excluded.add(delivery.endpointId);
    const clogged = choice.window !== null && outcome.scanned !== null && outcome.scanned >= choice.window;
    return { ...outcome, wanted, clogged };
  };
  try {
    const fromWindow = await lease("fromWindow");
    if (fromWindow !== undefined && fromWindow.chosen < fromWindow.wanted && fromWindow.clogged) {
      await lease("perEndpoint");
    }
  } catch (error) {
    // What the first statement leased is committed: it is handed on, not left to wait out its lease.
    // The failure shows again at the next claim.
    if (claimed.length === 0) throw error;
  }
  return claimed;
}

interface LeaseOutcome {
  readonly claimed: ClaimedDelivery[];
  /** How many ids the choice offered, and how many due rows its bounded way read (null: other way). */
  readonly chosen: number;
  readonly scanned: number | null;
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
  const result = await db.query<ClaimedRow & { chosen: number; scanned: number | null; id: string | null }>(
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
     SELECT cardinality(ch.ids) AS chosen, ch.scanned, r.*
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
    claimed: result.rows.filter((row): row is typeof row & { id: string } => row.id !== null).map(toClaimed),
  };
}

function toClaimed(row: ClaimedRow): ClaimedDelivery {
  return toClaimedDelivery(row, row.previous_secrets, toBytes(row.body), row.signing_keys);
}
