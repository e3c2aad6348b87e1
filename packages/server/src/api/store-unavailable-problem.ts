import type { StoreUnavailableError } from "../store/store-unavailable-error.js";
import { type Problem, problem } from "./problem.js";

/**
 * Seconds a client should wait before retrying. A lost connection is re-opened on the next call and
 * a restart usually takes seconds; running out of space needs an operator, so retries are spaced more.
 */
const RETRY_AFTER_SECONDS = { unreachable: 2, storage_full: 30 } as const;

/** The 503 answered while the store is unavailable: nothing of the request was kept. */
export function storeUnavailableProblem(error: StoreUnavailableError): {
  readonly problem: Problem;
  readonly retryAfterSeconds: number;
} {
  const retryAfterSeconds = RETRY_AFTER_SECONDS[error.reason];
  const body =
    error.reason === "storage_full"
      ? problem(
          503,
          "storage_full",
          `the service's database is out of space: nothing was stored; retry in ${retryAfterSeconds} s`,
        )
      : problem(
          503,
          "store_unavailable",
          `the service's database cannot be reached: nothing was stored; retry in ${retryAfterSeconds} s`,
        );
  return { problem: body, retryAfterSeconds };
}
