import { EVENT_TYPES, type EventType, eventCatalog, isEventType } from "@voicehire/webhooks";
import type { Command } from "commander";
import {
  connectRemoteApi,
  type RemoteApi,
  RemoteApiError,
  type RemoteOptions,
  remoteOptions,
} from "./remote-api.js";

/**
 * `voicehire-webhooks trigger <event-type>`: publishes the catalog's sample of that type through the
 * API (like `stripe trigger`), then prints the events it created and their deliveries.
 * - `candidate.interview.completed.extended` is derived: it publishes `candidate.interview.completed`
 *   with the sample's responses (endpoints subscribed to `.extended` get them).
 * - `credits.*` are derived from the balance: it reports a balance at the account's threshold (which
 *   re-arms `credits.low`), then one that crosses it (below the threshold, or 0 for `credits.depleted`).
 *   This changes the account's recorded balance.
 */
export type TriggerStep =
  | { readonly path: "/v1/events"; readonly body: { readonly event: string; readonly data: unknown } }
  | {
      readonly path: "/v1/credits/balance";
      readonly body: { readonly credits_remaining: number; readonly last_campaign_id?: string };
    };

const EXTENDED = "candidate.interview.completed.extended";

/** The API calls that make `type` fire, given the account's credits threshold. */
export function triggerSteps(type: EventType, creditsThreshold: number): readonly TriggerStep[] {
  if (type === EXTENDED) {
    return [
      {
        path: "/v1/events",
        body: { event: "candidate.interview.completed", data: eventCatalog[EXTENDED].sample },
      },
    ];
  }
  if (type === "credits.low") {
    if (creditsThreshold <= 0) {
      throw new RemoteApiError(
        "the account's credits threshold is 0: credits.low cannot fire (PATCH /v1/account)",
      );
    }
    const sample = eventCatalog["credits.low"].sample.credits_remaining;
    const below = sample < creditsThreshold ? sample : creditsThreshold / 2;
    return [
      { path: "/v1/credits/balance", body: { credits_remaining: creditsThreshold } },
      { path: "/v1/credits/balance", body: { credits_remaining: below } },
    ];
  }
  if (type === "credits.depleted") {
    const sample = eventCatalog["credits.depleted"].sample;
    return [
      { path: "/v1/credits/balance", body: { credits_remaining: Math.max(creditsThreshold, 1) } },
      {
        path: "/v1/credits/balance",
        body: { credits_remaining: 0, last_campaign_id: sample.last_campaign_id },
      },
    ];
  }
  return [{ path: "/v1/events", body: { event: type, data: eventCatalog[type].sample } }];
}

interface CreatedEvent {
  readonly id: string;
  readonly event: string;
  readonly deliveries: number;
}

function createdEvents(step: TriggerStep, answer: unknown): CreatedEvent[] {
  const body = answer as {
    id?: string;
    event?: string;
    deliveries?: number;
    derived?: CreatedEvent[];
    events?: CreatedEvent[];
  };
  if (step.path === "/v1/credits/balance") return body.events ?? [];
  const primary = { id: body.id ?? "?", event: body.event ?? "?", deliveries: body.deliveries ?? 0 };
  return [primary, ...(body.derived ?? [])];
}

interface DeliveryLine {
  readonly id: string;
  readonly endpoint_id: string;
  readonly status: string;
}

async function printEvent(api: RemoteApi, event: CreatedEvent, print: (line: string) => void): Promise<void> {
  const plural = event.deliveries === 1 ? "delivery" : "deliveries";
  print(`${event.event} ${event.id} (${event.deliveries} ${plural})`);
  if (event.deliveries === 0) {
    print(`  no enabled endpoint subscribes to ${event.event}`);
    return;
  }
  const stored = (await api.get(`/v1/events/${encodeURIComponent(event.id)}`)) as {
    deliveries?: DeliveryLine[];
  };
  for (const delivery of stored.deliveries ?? []) {
    print(`  ${delivery.id}  endpoint ${delivery.endpoint_id}  ${delivery.status}`);
  }
}

export async function runTrigger(
  eventType: string,
  options: RemoteOptions,
  print: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  if (!isEventType(eventType)) {
    throw new RemoteApiError(`unknown event type "${eventType}": one of ${EVENT_TYPES.join(", ")}`);
  }
  const api = connectRemoteApi(options);
  const threshold = eventType.startsWith("credits.")
    ? Number(((await api.get("/v1/account")) as { credits_threshold?: unknown }).credits_threshold ?? 10)
    : 10;
  const events: CreatedEvent[] = [];
  for (const step of triggerSteps(eventType, threshold)) {
    events.push(...createdEvents(step, await api.post(step.path, step.body)));
  }
  if (!events.some((e) => e.event === eventType)) {
    print(
      `no ${eventType} event was created: no enabled endpoint subscribes to it (derived events are stored only for subscribers)`,
    );
  }
  for (const event of events) await printEvent(api, event, print);
}

export function registerTriggerCommand(program: Command): void {
  remoteOptions(
    program
      .command("trigger")
      .description(
        "publish the catalog's sample of an event type to a running service, and print its deliveries",
      )
      .argument("<event-type>", `one of ${EVENT_TYPES.join(", ")}`),
  ).action(async (eventType: string, options: RemoteOptions) => {
    await runTrigger(eventType, options);
  });
}
