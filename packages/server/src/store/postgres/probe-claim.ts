import { type ClaimedRowBase, toClaimedDelivery } from "../claimed-delivery-mapping.js";
import type { ClaimedDelivery, ClaimInput } from "../port.js";
import { ACTIVE_SIGNING_KEYS_ORDER, activeSigningKeysWhere } from "../signing-key-columns.js";
import type { ClaimStep } from "./claim-leasing.js";
import type { Queryable } from "./connection.js";
import { epochMs, toBytes } from "./rows.js";

/**
 * Claims with the endpoints' circuits on PostgreSQL (rules in `domain/circuit-rule.ts`):
 * 1. one statement lists the open circuits, makes the waiting deliveries of paused endpoints due when
 *    their pause ends, and takes the probe of each endpoint whose pause ended (an UPDATE of its circuit
 *    row: a concurrent claimer re-checks the row after the winner commits and finds the probe held, so
 *    exactly one claimer, in any process, gets it);
 * 2. the holder of a probe leases that endpoint's oldest due delivery (no other claimer takes one of
 *    that endpoint: open circuits are excluded from every claim), and gives back probes it found
 *    nothing for;
 * 3. the usual claim (`claim`) runs for the other endpoints.
 * Each step commits on its own (`inStep` for the locking ones), so no claim holds row locks across round
 * trips; a probe taken by a process that dies before leasing its delivery is free again when its lease
 * time passes, as the probe of any dead worker is.
 */
const OPEN_AND_PROBES_SQL = `
WITH open AS MATERIALIZED (
  SELECT endpoint_id, paused_until,
         CASE WHEN probe_lease_until IS NULL THEN probe_delivery_id END AS asked
  FROM endpoint_circuits WHERE opened_at IS NOT NULL
), held AS (
  UPDATE deliveries d SET next_attempt_at = o.paused_until
  FROM open o
  WHERE d.endpoint_id = o.endpoint_id AND o.paused_until > $1 AND d.status = 'pending'
    AND d.next_attempt_at < o.paused_until AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= $1)
    AND d.id IS DISTINCT FROM o.asked
), probes AS (
  UPDATE endpoint_circuits c SET probe_lease_until = $2
  FROM open o JOIN endpoints e ON e.id = o.endpoint_id
  WHERE c.endpoint_id = o.endpoint_id AND c.opened_at IS NOT NULL
    AND (c.probe_lease_until IS NULL OR c.probe_lease_until <= $1)
    AND (c.paused_until <= $1 OR (c.probe_lease_until IS NULL AND c.probe_delivery_id IS NOT NULL))
    AND e.enabled AND NOT (c.endpoint_id = ANY ($3::text[]))
    AND EXISTS (SELECT 1 FROM deliveries x
                WHERE x.endpoint_id = c.endpoint_id AND x.status = 'pending' AND x.next_attempt_at <= $1
                  AND (x.lease_expires_at IS NULL OR x.lease_expires_at <= $1)
                  AND (c.paused_until <= $1 OR x.id = c.probe_delivery_id))
  RETURNING c.endpoint_id
)
SELECT ARRAY(SELECT endpoint_id FROM open) AS open_ids, ARRAY(SELECT endpoint_id FROM probes) AS probe_ids`;

const LEASE_PROBES_SQL = `
WITH chosen AS MATERIALIZED (
  SELECT x.id FROM endpoint_circuits c
  CROSS JOIN LATERAL (
    SELECT id FROM deliveries
    WHERE endpoint_id = c.endpoint_id AND status = 'pending' AND next_attempt_at <= $2
      AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
      AND (c.paused_until <= $2 OR id = c.probe_delivery_id)
    ORDER BY id = c.probe_delivery_id DESC NULLS LAST, next_attempt_at, id LIMIT 1
    FOR UPDATE SKIP LOCKED
  ) x
  WHERE c.endpoint_id = ANY ($1::text[])
), claimed AS (
  UPDATE deliveries d SET lease_owner = $3, lease_expires_at = $4
  WHERE d.id = ANY (ARRAY(SELECT id FROM chosen))
  RETURNING d.id, d.account_id, d.endpoint_id, d.event_id, d.event_type, d.attempt_count, d.retry_budget_start
), marked AS (
  UPDATE endpoint_circuits c SET probe_delivery_id = cl.id FROM claimed cl WHERE c.endpoint_id = cl.endpoint_id
)
SELECT c.*, e.url, e.sealed_secret, ev.body,
       ARRAY(SELECT p.sealed_secret FROM endpoint_previous_secrets p
             WHERE p.endpoint_id = c.endpoint_id AND p.expires_at > $2 ORDER BY p.retired_at DESC) AS previous_secrets,
       ARRAY(SELECT k.sealed_private_key ${activeSigningKeysWhere("c.endpoint_id", "$2")}
             ${ACTIVE_SIGNING_KEYS_ORDER}) AS signing_keys
FROM claimed c JOIN endpoints e ON e.id = c.endpoint_id JOIN events ev ON ev.id = c.event_id`;

interface ProbeRow extends ClaimedRowBase {
  previous_secrets: string[];
  signing_keys: string[];
  body: Buffer;
}

export async function claimWithCircuits(
  db: Queryable,
  inStep: ClaimStep,
  input: ClaimInput,
  claim: (inStep: ClaimStep, input: ClaimInput) => Promise<ClaimedDelivery[]>,
): Promise<ClaimedDelivery[]> {
  if (input.limit <= 0) return [];
  const now = epochMs(input.now);
  const leaseUntil = epochMs(input.now + input.leaseMs);
  const excluded = input.excludeEndpointIds ?? [];
  const found = await db.query<{ open_ids: string[]; probe_ids: string[] }>(OPEN_AND_PROBES_SQL, [
    now,
    leaseUntil,
    excluded,
  ]);
  const openIds = found.rows[0]?.open_ids ?? [];
  if (openIds.length === 0) return claim(inStep, input);
  const probeIds = (found.rows[0]?.probe_ids ?? []).slice(0, Math.floor(input.limit));
  const probes: ClaimedDelivery[] = [];
  if (probeIds.length > 0) {
    const leased = await inStep((tx) =>
      tx.query<ProbeRow>(LEASE_PROBES_SQL, [probeIds, now, input.workerId, leaseUntil]),
    );
    probes.push(
      ...leased.rows.map((row) =>
        toClaimedDelivery(row, row.previous_secrets, toBytes(row.body), row.signing_keys),
      ),
    );
  }
  const unused = [...(found.rows[0]?.probe_ids ?? [])].filter(
    (id) => !probes.some((p) => p.endpointId === id),
  );
  if (unused.length > 0) {
    await db.query("UPDATE endpoint_circuits SET probe_lease_until = NULL WHERE endpoint_id = ANY ($1)", [
      unused,
    ]);
  }
  // Probes leased are committed: a failure of the rest hands them on all the same (see `claimDueDeliveries`).
  const rest = await claim(inStep, {
    ...input,
    limit: input.limit - probes.length,
    excludeEndpointIds: [...excluded, ...openIds],
  }).catch((error: unknown) => {
    if (probes.length === 0) throw error;
    return [];
  });
  return [...probes, ...rest];
}
