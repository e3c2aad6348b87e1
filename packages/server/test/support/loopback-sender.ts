import { createHttpSender, type HttpSenderOptions } from "../../src/delivery/http-sender.js";
import type { DeliverySender } from "../../src/delivery/sender.js";
import {
  createAddressPolicy,
  createGuardedConnector,
  type ResolveAllAddresses,
} from "../../src/ssrf/index.js";

/** Resolves `localhost` only, and never asks a name server: a test's traffic stays on this machine. */
const resolveLocalhostOnly: ResolveAllAddresses = (hostname, _options, callback) => {
  if (hostname === "localhost") {
    process.nextTick(callback, null, [{ address: "127.0.0.1", family: 4 }]);
    return;
  }
  const error: NodeJS.ErrnoException = new Error(`tests resolve no name but localhost (asked: ${hostname})`);
  error.code = "ENOTFOUND";
  process.nextTick(callback, error, []);
};

/**
 * The real HTTP sender, allowed to reach loopback addresses only: whatever URL a test stores, an attempt
 * to any other address is refused (`blocked`, or `dns` for a name) before a packet leaves the machine.
 */
export function createLoopbackSender(
  options: Omit<HttpSenderOptions, "connector" | "lookup"> = {},
): DeliverySender {
  const policy = createAddressPolicy({ allowCidrs: [], allowLoopback: true, allowPrivate: false });
  return createHttpSender({
    ...options,
    connector: createGuardedConnector(policy, { timeout: options.timeoutMs ?? 5000 }, resolveLocalhostOnly),
  });
}
