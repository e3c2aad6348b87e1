import dns from "node:dns";
import type { LookupFunction } from "node:net";
import type { AddressPolicy } from "./address-policy.js";
import { BlockedAddressError } from "./blocked-address-error.js";

/** A resolver returning every address of a name, like `dns.lookup(host, { all: true }, cb)`. */
export type ResolveAllAddresses = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

type LookupCallback = Parameters<LookupFunction>[2];

function noAddressError(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException & { hostname?: string } = new Error(
    `voicehire-webhooks: ${hostname} resolved to no address`,
  );
  error.code = "ENOTFOUND";
  error.hostname = hostname;
  return error;
}

/** Node and undici call `lookup(host, options, cb)`; `dns.lookup` also accepts a family number or no options. */
function splitArguments(
  options: dns.LookupOptions | number | LookupCallback,
  callback: LookupCallback | undefined,
): { options: dns.LookupOptions; callback: LookupCallback } {
  if (typeof options === "function") return { options: {}, callback: options };
  if (callback === undefined) throw new TypeError("voicehire-webhooks: lookup needs a callback");
  return { options: typeof options === "number" ? { family: options } : (options ?? {}), callback };
}

/**
 * A `lookup` for `net.connect`/`tls.connect`, and so for undici (`new Agent({ connect: { lookup } })`):
 * it resolves ALL addresses of the name, refuses the connection (a `BlockedAddressError`, code
 * `VH_BLOCKED_ADDRESS`) if ANY of them is refused by the policy, and otherwise hands the very addresses
 * it checked to the socket, which connects to one of them without resolving again: no DNS-rebinding gap.
 * Refusing when any address is bad (not only when all are) keeps an attacker from mixing a public
 * address with an internal one and winning whenever the internal one is tried first.
 *
 * Node skips `lookup` for IP-literal hosts: pair this with `checkUrlHost` or use
 * `createGuardedConnector`, which does both.
 */
export function createGuardedLookup(
  policy: AddressPolicy,
  resolve: ResolveAllAddresses = dns.lookup,
): LookupFunction {
  return function guardedLookup(hostname, rawOptions, rawCallback?: LookupCallback): void {
    const { options, callback } = splitArguments(
      rawOptions as dns.LookupOptions | number | LookupCallback,
      rawCallback,
    );
    const wantsAll = options.all === true;
    const fail = (error: NodeJS.ErrnoException): void => callback(error, wantsAll ? [] : "");
    try {
      resolve(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return fail(error);
        if (!Array.isArray(addresses) || addresses.length === 0) return fail(noAddressError(hostname));
        // Copy what is checked, so that what is connected to cannot change after the check.
        const checked = addresses.map(({ address, family }) => ({ address: String(address), family }));
        for (const { address } of checked) {
          const verdict = policy.check(address);
          if (!verdict.allowed)
            return fail(new BlockedAddressError(hostname, address, verdict.reason, verdict.range));
        }
        if (wantsAll) return callback(null, checked);
        const [first] = checked;
        if (first !== undefined) callback(null, first.address, first.family);
      });
    } catch (error) {
      process.nextTick(fail, error as NodeJS.ErrnoException);
    }
  };
}
