import type { Account, EpochMs } from "../../src/domain/types.js";
import type { ClaimedDelivery, Store } from "../../src/store/port.js";
import { claimAll } from "../store/conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne } from "../store/conformance/fixtures.js";

export interface ClaimedDeliveriesOptions {
  readonly count: number;
  /** When the `i`-th event was published. */
  readonly publishedAt: (i: number) => EpochMs;
  readonly claimedAt: EpochMs;
  readonly workerId: string;
}

/** A new account with an endpoint for `campaign.created`, `count` such events, their deliveries claimed. */
export async function claimedDeliveries(
  store: Store,
  options: ClaimedDeliveriesOptions,
): Promise<{ account: Account; claimed: ClaimedDelivery[] }> {
  const account = await givenAccount(store);
  await givenEndpoint(store, account.id, ["campaign.created"]);
  for (let i = 0; i < options.count; i++)
    await publishOne(store, account.id, "campaign.created", options.publishedAt(i));
  const claimed = await claimAll(store, options.workerId, options.claimedAt);
  return { account, claimed };
}
