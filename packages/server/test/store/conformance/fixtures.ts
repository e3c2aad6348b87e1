import { newId } from "../../../src/domain/ids.js";
import type { Account, CreditState, EndpointRecord, EpochMs, NewEvent } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { utf8 } from "./bytes.js";

/** A fixed origin of time: tests never read a clock. */
export const T0: EpochMs = 1_700_000_000_000;

export async function givenAccount(store: Store, overrides: Partial<Account> = {}): Promise<Account> {
  const account: Account = {
    id: newId("acc", T0),
    name: "Acme Recrutement",
    creditsThreshold: 10,
    createdAt: T0,
    ...overrides,
  };
  await store.createAccount(account);
  return account;
}

export async function givenEndpoint(
  store: Store,
  accountId: string,
  eventTypes: readonly string[],
  overrides: Partial<EndpointRecord> = {},
): Promise<EndpointRecord> {
  const id = overrides.id ?? newId("ep", T0);
  const endpoint: EndpointRecord = {
    id,
    accountId,
    url: `https://hooks.example.com/${id}`,
    description: "",
    metadata: {},
    eventTypes,
    enabled: true,
    sealedSecret: null,
    createdAt: T0,
    updatedAt: T0,
    failingSince: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    disabledReason: null,
    disabledAt: null,
    ...overrides,
  };
  await store.createEndpoint(endpoint);
  return endpoint;
}

/** An account with one endpoint subscribed to `eventTypes`: who most tests publish for. */
export async function givenAccountWithEndpoint(
  store: Store,
  eventTypes: readonly string[] = ["campaign.created"],
  overrides: Partial<EndpointRecord> = {},
): Promise<{ account: Account; endpoint: EndpointRecord }> {
  const account = await givenAccount(store);
  return { account, endpoint: await givenEndpoint(store, account.id, eventTypes, overrides) };
}

export function newEvent(type: string, overrides: Partial<NewEvent> = {}): NewEvent {
  const id = overrides.id ?? newId("evt", T0);
  return {
    id,
    type,
    occurredAt: T0 - 1_000,
    body: utf8(JSON.stringify({ id, event: type, timestamp: new Date(T0 - 1_000).toISOString(), data: {} })),
    storeEvenWithoutDeliveries: true,
    ...overrides,
  };
}

/**
 * The credit state the store keeps for the account: what a report of `balance` at `now` hands to
 * `deriveEvents` (deriving nothing).
 */
export async function creditStateSeenBy(
  store: Store,
  accountId: string,
  balance: number,
  now: EpochMs,
): Promise<CreditState | undefined> {
  let seen: CreditState | undefined;
  await store.reportCreditBalance({
    accountId,
    balance,
    campaignId: null,
    deriveEvents: (previous) => {
      seen = previous;
      return [];
    },
    now,
  });
  return seen;
}

/** Publishes `events` in one call, without idempotency key or campaign. */
export function publishEvents(
  store: Store,
  accountId: string,
  events: readonly NewEvent[],
  now: EpochMs = T0,
) {
  return store.publish({ accountId, idempotencyKey: null, events, campaignId: null, now });
}

/** Publishes one event of `type` without idempotency key; answers its id and delivery count. */
export async function publishOne(
  store: Store,
  accountId: string,
  type: string,
  now: EpochMs = T0,
  overrides: Partial<NewEvent> = {},
): Promise<{ eventId: string; deliveryCount: number }> {
  const event = newEvent(type, overrides);
  const outcome = await publishEvents(store, accountId, [event], now);
  if (outcome.kind !== "published") throw new Error("conformance: expected a publish, got a duplicate");
  return { eventId: event.id, deliveryCount: outcome.events[0]?.deliveryCount ?? 0 };
}

/** One account, one endpoint on `campaign.created`, one published event: one pending delivery due at `now`. */
export async function givenOnePendingDelivery(
  store: Store,
  now: EpochMs = T0,
): Promise<{ account: Account; endpoint: EndpointRecord; eventId: string; deliveryId: string }> {
  const account = await givenAccount(store);
  const endpoint = await givenEndpoint(store, account.id, ["campaign.created"]);
  const { eventId } = await publishOne(store, account.id, "campaign.created", now);
  const [delivery] = await store.listDeliveries(account.id, { limit: 10, eventId });
  if (delivery === undefined) throw new Error("conformance: the publish made no delivery");
  return { account, endpoint, eventId, deliveryId: delivery.id };
}
