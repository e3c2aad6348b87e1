import {
  buildSignedDelivery,
  createMemoryDedupStore,
  createWebhookHandler,
  type DedupClaim,
  type DedupStore,
  eventCatalog,
  type HandleOutcome,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { campaignCreatedDelivery, now, SECRET } from "../support/deliveries.js";

const outcomeOf = (result: HandleOutcome) => result.outcome;

describe("createWebhookHandler", () => {
  it("dispatches to the handlers of the event's type, typed by its name, then to onAny", async () => {
    const seen: string[] = [];
    const webhooks = createWebhookHandler({ secrets: SECRET, now })
      .on("campaign.created", (event) => {
        seen.push(`created:${event.data.job_title}`);
      })
      .on(["campaign.created", "campaign.status_changed"], async (event) => {
        seen.push(
          event.event === "campaign.status_changed"
            ? `status:${event.data.new_status}`
            : `campaign:${event.data.campaign_id}`,
        );
      })
      .on("credits.low", () => {
        seen.push("never");
      })
      .onAny((event) => {
        seen.push(`any:${event.event}`);
      });
    const { body, headers } = await campaignCreatedDelivery();
    const result = await webhooks.handle(body, headers);
    expect(result).toMatchObject({ outcome: "processed", event: { event: "campaign.created" } });
    expect(seen).toEqual(["created:Développeur Full Stack", "campaign:abc123def456", "any:campaign.created"]);
  });

  it("handles each event id once: a retry of a processed event is a duplicate", async () => {
    let calls = 0;
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).onAny(() => {
      calls++;
    });
    const first = await campaignCreatedDelivery();
    const retry = await buildSignedDelivery({
      event: "campaign.created",
      data: eventCatalog["campaign.created"].sample,
      secrets: SECRET,
      id: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
      attempt: 2,
      now,
    });
    expect(outcomeOf(await webhooks.handle(first.body, first.headers))).toBe("processed");
    expect(outcomeOf(await webhooks.handle(retry.body, retry.headers))).toBe("duplicate");
    const other = await campaignCreatedDelivery({ id: "evt_other" });
    expect(outcomeOf(await webhooks.handle(other.body, other.headers))).toBe("processed");
    expect(calls).toBe(2);
  });

  it("lets a retry run again after a handler failed, and reports the failure", async () => {
    const errors: unknown[] = [];
    let attempts = 0;
    const webhooks = createWebhookHandler({
      secrets: SECRET,
      now,
      onHandlerError: (error, event) => {
        errors.push([error, event.id]);
        throw new Error("a broken reporter changes nothing");
      },
    }).on("campaign.created", () => {
      attempts++;
      if (attempts === 1) throw new Error("database down");
    });
    const { body, headers } = await campaignCreatedDelivery();
    const failed = await webhooks.handle(body, headers);
    expect(failed).toMatchObject({ outcome: "handler_failed", error: new Error("database down") });
    expect(errors).toEqual([[new Error("database down"), "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V"]]);
    expect(outcomeOf(await webhooks.handle(body, headers))).toBe("processed");
    expect(outcomeOf(await webhooks.handle(body, headers))).toBe("duplicate");
    expect(attempts).toBe(2);
  });

  it("answers in_progress for the same event arriving while it is being handled", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).onAny(() => gate);
    const { body, headers } = await campaignCreatedDelivery();
    const first = webhooks.handle(body, headers);
    expect(outcomeOf(await webhooks.handle(body, headers))).toBe("in_progress");
    release();
    expect(outcomeOf(await first)).toBe("processed");
  });

  it("never lets an unverified request claim an event id", async () => {
    const store = createMemoryDedupStore();
    const webhooks = createWebhookHandler({ secrets: SECRET, now, dedup: store });
    const { body, headers } = await campaignCreatedDelivery();
    const forged = await webhooks.handle(body, { ...headers, "webhook-signature": "v1,bm9wZQ==" });
    expect(forged).toMatchObject({ outcome: "rejected", error: { code: "malformed_signature" } });
    expect(store.size).toBe(0);
    expect(outcomeOf(await webhooks.handle(body, headers))).toBe("processed");
  });

  it("can run without deduplication, and with a custom store", async () => {
    let calls = 0;
    const noDedup = createWebhookHandler({ secrets: SECRET, now, dedup: false }).onAny(() => {
      calls++;
    });
    const { body, headers } = await campaignCreatedDelivery();
    await noDedup.handle(body, headers);
    await noDedup.handle(body, headers);
    expect(calls).toBe(2);

    const log: string[] = [];
    const asyncStore: DedupStore = {
      claim: async (id): Promise<DedupClaim> => {
        log.push(`claim:${id}`);
        return "new";
      },
      markProcessed: async (id) => {
        log.push(`done:${id}`);
      },
      release: async () => {
        throw new Error("store down");
      },
    };
    const custom = createWebhookHandler({ secrets: SECRET, now, dedup: asyncStore }).onAny(() => {
      if (log.length > 2) throw new Error("boom");
    });
    expect(outcomeOf(await custom.handle(body, headers))).toBe("processed");
    expect(log).toEqual(["claim:evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V", "done:evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V"]);
    expect(outcomeOf(await custom.handle(body, headers))).toBe("handler_failed");
  });

  it("turns a failing dedup store into handler_failed, never an exception", async () => {
    const broken: DedupStore = {
      claim: () => {
        throw new Error("redis down");
      },
      markProcessed: () => undefined,
      release: () => undefined,
    };
    const webhooks = createWebhookHandler({ secrets: SECRET, now, dedup: broken });
    const { body, headers } = await campaignCreatedDelivery();
    expect(await webhooks.handle(body, headers)).toMatchObject({
      outcome: "handler_failed",
      error: new Error("redis down"),
    });
  });

  it("rejects everything when configured without a usable secret", async () => {
    const webhooks = createWebhookHandler({ secrets: "", now });
    const { body, headers } = await campaignCreatedDelivery();
    expect(await webhooks.handle(body, headers)).toMatchObject({
      outcome: "rejected",
      error: { code: "invalid_secret", status: 500 },
    });
    expect(await webhooks.verify(body, headers)).toMatchObject({ ok: false });
  });
});
