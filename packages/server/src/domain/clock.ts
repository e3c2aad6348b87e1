import type { EpochMs } from "./types.js";

/** Where the service reads the time; tests pass their own. */
export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() };
