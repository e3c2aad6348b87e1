/**
 * Migration 018 on an embedded store made by the version before it: the candidate ids of the events
 * already stored move to `event_candidates`, the mark stands on the last event, the old index is gone,
 * and a listing by candidate finds the same deliveries before and after later publishes.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  ADAPTER_BOOKKEEPING,
  migrationVersion,
  sqliteStoreAtVersion,
} from "./attempt-log/store-at-version.js";
import { givenAccount, givenEndpoint, newEvent, publishOne, T0 } from "./conformance/fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("candidate ids across migration 018 (SQLite)", () => {
  it("moves every stored event's candidate into the batched index", async () => {
    const s = await sqliteStoreAtVersion(
      migrationVersion("candidates-indexed-in-batches") - 1,
      ADAPTER_BOOKKEEPING,
    );
    cleanups.push(() => s.cleanup());
    const account = await givenAccount(s.store);
    const endpoint = await givenEndpoint(s.store, account.id, ["candidate.added"]);
    const candidates = ["cand_a", "cand_b", null, "cand_a"];
    const ids: string[] = [];
    for (const [n, candidate] of candidates.entries()) {
      const event = newEvent("candidate.added");
      ids.push(event.id);
      await s.query(
        `INSERT INTO events (number, id, account_id, type, occurred_at, body, created_at, candidate_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          n + 1,
          event.id,
          account.id,
          event.type,
          event.occurredAt,
          Buffer.from(event.body),
          T0 + n,
          candidate,
        ],
      );
      await s.query(
        `INSERT INTO deliveries (event_number, endpoint_id, status, attempt_count, next_attempt_at, created_at,
           updated_at) VALUES (?, ?, 'succeeded', 1, NULL, ?, ?)`,
        [n + 1, endpoint.id, T0 + n, T0 + n],
      );
    }

    await s.store.migrate();

    expect(
      await s.query("SELECT candidate_id, event_number FROM event_candidates ORDER BY 1, 2", []),
    ).toEqual([
      { candidate_id: "cand_a", event_number: 1 },
      { candidate_id: "cand_a", event_number: 4 },
      { candidate_id: "cand_b", event_number: 2 },
    ]);
    expect(await s.query("SELECT indexed_through FROM event_candidates_mark", [])).toEqual([
      { indexed_through: 4 },
    ]);
    expect(await s.query("SELECT name FROM sqlite_master WHERE name = 'events_by_candidate'", [])).toEqual(
      [],
    );
    const ofCandidate = async (candidateId: string) =>
      (await s.store.listDeliveries(account.id, { limit: 10, candidateId })).map((d) => d.eventId);
    expect(await ofCandidate("cand_a")).toEqual([ids[3], ids[0]]);
    // Published after the migration: above the mark, found from the event itself.
    const later = await publishOne(s.store, account.id, "candidate.added", T0 + 10, {
      candidateId: "cand_b",
    });
    expect(await ofCandidate("cand_b")).toEqual([later.eventId, ids[1]]);
  });
});
