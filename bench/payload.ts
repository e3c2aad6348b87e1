import { randomUUID } from "node:crypto";
import { serializeEnvelope } from "../packages/server/dist/domain/envelope.js";
import { newId } from "../packages/server/dist/domain/ids.js";

/** The secret of every bench endpoint (the service, the raw ceiling and BullMQ all sign with it). */
export const BENCH_SECRET = "vhsec_bench-secret-0123456789abcdef";
export const BENCH_EVENT_TYPE = "candidate.added";

/** The `data` of one `candidate.added`, with a fresh candidate id. */
export function candidateAddedData(sequence: number): Record<string, unknown> {
  return {
    campaign_id: "bench-campaign",
    candidate_id: randomUUID(),
    first_name: "Jean",
    last_name: `Dupont ${sequence}`,
    email: "[email protected]",
    phone: "0612345678",
    call_queued: true,
  };
}

/** The publish request body of `POST /v1/events`. */
export function publishBody(sequence: number): { event: string; data: Record<string, unknown> } {
  return { event: BENCH_EVENT_TYPE, data: candidateAddedData(sequence) };
}

/**
 * An envelope as the service would store it (same shape and size), for the baselines that have no
 * service: serialized once per event, like the service does at publish time.
 */
export function envelopeBytes(sequence: number): { eventId: string; body: Uint8Array } {
  const now = Date.now();
  const eventId = newId("evt", now);
  return {
    eventId,
    body: serializeEnvelope({
      id: eventId,
      type: BENCH_EVENT_TYPE,
      occurredAt: now,
      data: candidateAddedData(sequence),
    }),
  };
}
