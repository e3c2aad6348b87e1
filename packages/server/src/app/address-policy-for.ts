import type { ServiceConfig } from "../config/service-config.js";
import { type AddressPolicy, createAddressPolicy } from "../ssrf/index.js";

/**
 * Which addresses deliveries (and the "Tester") may connect to: public ones, the operator's
 * VOICEHIRE_ALLOW_CIDRS, and in development mode loopback and private ranges too.
 */
export function addressPolicyFor(config: Pick<ServiceConfig, "allowCidrs" | "dev">): AddressPolicy {
  return createAddressPolicy({
    allowCidrs: config.allowCidrs,
    allowLoopback: config.dev,
    allowPrivate: config.dev,
  });
}
