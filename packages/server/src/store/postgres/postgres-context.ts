import type pg from "pg";
import type { CircuitSettings } from "../../domain/circuit-rule.js";
import type { SubscriptionCache } from "../subscription-cache.js";
import type { WorkNotifier } from "./work-notifier.js";

/** What every part of the PostgreSQL store shares, handed to each concept's `postgres*Methods`. */
export interface PostgresContext {
  readonly pool: pg.Pool;
  /** The schema every table lives in; also the NOTIFY payload that wakes this schema's workers. */
  readonly schema: string;
  /** The circuit breaker's thresholds, applied as attempts are recorded. */
  readonly circuit: CircuitSettings;
  /** Wakes workers once published work has committed, coalesced. */
  readonly workNotifier: WorkNotifier;
  /** Each account's subscriptions, served to publishes from memory; endpoint writes forget them. */
  readonly subscriptions: SubscriptionCache;
}
