import type { Receiver } from "./receiver-client.js";

/** What a phase given events to publish, fanned out to one endpoint per bench receiver port, takes. */
export interface FanOutPhaseInput {
  readonly ports: readonly number[];
  readonly events: number;
  /** The phase's time bound (ms), shrunk from the plan's when the machine is slow. */
  readonly timeoutMs: number;
}

/** The same, for a phase whose deliveries are counted as they reach the bench receiver. */
export interface DeliveredPhaseInput extends FanOutPhaseInput {
  readonly receiver: Receiver;
}
