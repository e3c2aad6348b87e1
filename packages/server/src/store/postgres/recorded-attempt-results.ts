import type { OrderedKey } from "../../domain/order-head.js";
import type { RecordedResults } from "../port.js";

/**
 * What one PostgreSQL recording statement answers (`recordAttemptResults`): besides the deliveries gone,
 * the attempts a first call whose answer was lost already stored, and the ordering keys to settle.
 */
export interface RecordedAttemptResults extends RecordedResults {
  readonly alreadyRecordedAttemptIds: readonly string[];
  readonly orderedKeys: readonly OrderedKey[];
}
