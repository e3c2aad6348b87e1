import type { Clock } from "../../domain/clock.js";
import type { SecretBox } from "../../domain/secret-box.js";
import type { Store } from "../../store/port.js";

/** What the endpoint use cases need. */
export interface EndpointDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Seals endpoint secrets before they reach the store. */
  readonly secretBox: SecretBox;
  /** Development mode allows plain-HTTP and local endpoint URLs. */
  readonly developmentMode: boolean;
}
