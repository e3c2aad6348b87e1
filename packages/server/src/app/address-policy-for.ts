import type { ServiceConfig } from "../config/service-config.js";
import type { AddressPolicyOptions } from "../ssrf/index.js";

/**
 * Which addresses deliveries (and the "Tester") may connect to: public ones, the operator's
 * VOICEHIRE_ALLOW_CIDRS (checked when the configuration is read), and in development mode loopback
 * and private ranges too. Plain data, so that the sending thread can be given it.
 */
export function addressPolicyFor(config: Pick<ServiceConfig, "allowCidrs" | "dev">): AddressPolicyOptions {
  return { allowCidrs: config.allowCidrs, allowLoopback: config.dev, allowPrivate: config.dev };
}
