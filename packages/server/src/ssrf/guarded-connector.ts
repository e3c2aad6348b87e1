import { buildConnector } from "undici";
import type { AddressPolicy } from "./address-policy.js";
import { checkHost } from "./check-url-host.js";
import { createGuardedLookup, type ResolveAllAddresses } from "./guarded-lookup.js";

/**
 * An undici connector (`new Agent({ connect: createGuardedConnector(policy, { timeout }) })`) that
 * guards BOTH paths at connect time: IP-literal hosts are checked here (Node would skip `lookup` for
 * them) and names go through the guarded lookup. With a function as `connect`, undici ignores its own
 * connect settings (`connectTimeout`, ...): pass them in `options` (`timeout` is the connect timeout).
 */
export function createGuardedConnector(
  policy: AddressPolicy,
  options: buildConnector.BuildOptions = {},
  resolve?: ResolveAllAddresses,
): buildConnector.connector {
  const lookup = createGuardedLookup(policy, resolve);
  const connect = buildConnector({ ...options, lookup } as buildConnector.BuildOptions);
  return function guardedConnect(connectOptions, callback) {
    const check = checkHost(connectOptions.hostname, policy);
    if (!check.allowed) {
      process.nextTick(callback, check.error, null);
      return;
    }
    connect(connectOptions, callback);
  };
}
