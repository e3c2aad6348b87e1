import {
  createMemoryOrderStore,
  createOrderTracker,
  eventCatalog,
  orderingKeyOf,
  type VoiceHireEvent,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";

function event(
  type: "candidate.added" | "candidate.interview.completed" | "campaign.status_changed" | "credits.low",
  timestamp: string,
) {
  return {
    id: `evt_${type}_${timestamp}`,
    event: type,
    timestamp,
    data: eventCatalog[type].sample,
  } as VoiceHireEvent;
}

describe("ordering helper", () => {
  it("keys events by candidate, else campaign, else the account's credits", () => {
    expect(orderingKeyOf(event("candidate.added", "2024-01-15T10:30:00Z"))).toBe(
      "candidate:550e8400-e29b-41d4-a716-446655440000",
    );
    expect(orderingKeyOf(event("campaign.status_changed", "2024-01-15T10:30:00Z"))).toBe(
      "campaign:abc123def456",
    );
    expect(orderingKeyOf(event("credits.low", "2024-01-15T10:30:00Z"))).toBe("credits");
  });

  it("tells an event older than the newest seen for its subject, whatever the arrival order", async () => {
    const tracker = createOrderTracker();
    const completed = event("candidate.interview.completed", "2024-01-15T14:45:00Z");
    const added = event("candidate.added", "2024-01-15T10:30:00Z");
    expect(await tracker.check(completed)).toMatchObject({
      stale: false,
      latest: Date.parse(completed.timestamp),
    });
    expect(await tracker.check(added)).toEqual({
      stale: true,
      key: "candidate:550e8400-e29b-41d4-a716-446655440000",
      latest: Date.parse(completed.timestamp),
    });
    expect((await tracker.check(completed)).stale).toBe(false);
    expect((await tracker.check(event("campaign.status_changed", "2024-01-15T09:00:00Z"))).stale).toBe(false);
    expect((await tracker.check(event("candidate.added", "2024-01-15T15:00:00.001Z"))).stale).toBe(false);
    expect((await tracker.check(completed)).stale).toBe(true);
  });

  it("never calls an unparseable timestamp stale, nor records it", async () => {
    const tracker = createOrderTracker({ keyOf: () => "one" });
    expect(await tracker.check(event("credits.low", "2016-12-31T23:59:60Z"))).toMatchObject({
      stale: false,
      latest: Number.NaN,
    });
    await tracker.check(event("credits.low", "2024-01-15T10:00:00Z"));
    expect(await tracker.check(event("credits.low", "not a time"))).toMatchObject({
      stale: false,
      latest: Date.parse("2024-01-15T10:00:00Z"),
    });
  });

  it("bounds the memory store to maxKeys subjects", async () => {
    const store = createMemoryOrderStore(2);
    store.set("a", 1);
    store.set("b", 2);
    store.set("a", 3);
    store.set("c", 4);
    expect([store.get("a"), store.get("b"), store.get("c")]).toEqual([3, undefined, 4]);
  });
});
