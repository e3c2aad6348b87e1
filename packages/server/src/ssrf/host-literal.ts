import { formatIpAddress, type IpFamily, parseIpv4, parseIpv6 } from "./ip-address.js";

/** What a URL host (or a host typed alone) designates. */
export type HostLiteral =
  /** An IP address, in canonical text without brackets: `127.0.0.1`, `::ffff:7f00:1`. */
  | { readonly kind: "ip"; readonly family: IpFamily; readonly address: string }
  /** A name to resolve, WHATWG-normalized (lowercase, IDNA/punycode). */
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "invalid"; readonly message: string };

// Characters that would make `http://${host}/` mean something else (userinfo, port, path, ...).
const FORBIDDEN_OUTSIDE_BRACKETS = /[\s/\\?#@:[\]]/;

function ipv6Literal(text: string): HostLiteral | undefined {
  const parsed = parseIpv6(text);
  return parsed === undefined ? undefined : { kind: "ip", family: 6, address: formatIpAddress(parsed) };
}

/**
 * Recognizes an IP address however it is spelled in a host: dotted, decimal (`2130706433`), octal
 * (`0177.0.0.1`), hex (`0x7f.0.0.1`, `0x7f000001`), short (`127.1`), with a trailing dot, percent-encoded
 * or in full-width digits, and IPv6 bracketed (`[::ffff:127.0.0.1]`) or bare (`::1`, `fe80::1%eth0`).
 *
 * IPv4 spellings are normalized by the WHATWG URL parser, the very parser undici uses on the URLs it
 * sends to, so this agrees with where a request would really go; anything else is a name to resolve.
 */
export function parseHostLiteral(host: string): HostLiteral {
  if (host === "") return { kind: "invalid", message: "the host is empty" };
  if (host.startsWith("[")) {
    const literal = host.endsWith("]") ? ipv6Literal(host.slice(1, -1).replace(/%25/i, "%")) : undefined;
    return literal ?? { kind: "invalid", message: `"${host}" is not a valid bracketed IPv6 address` };
  }
  if (host.includes(":")) {
    return (
      ipv6Literal(host) ?? {
        kind: "invalid",
        message: `"${host}" is not a host (a port or a malformed IPv6 address?)`,
      }
    );
  }
  if (FORBIDDEN_OUTSIDE_BRACKETS.test(host))
    return { kind: "invalid", message: `"${host}" is not a valid host` };
  let normalized: string;
  try {
    normalized = new URL(`http://${host}/`).hostname;
  } catch {
    return { kind: "invalid", message: `"${host}" is not a valid host` };
  }
  if (normalized.startsWith("[")) {
    return (
      ipv6Literal(normalized.slice(1, -1)) ?? { kind: "invalid", message: `"${host}" is not a valid host` }
    );
  }
  const v4 = parseIpv4(normalized);
  if (v4 !== undefined) return { kind: "ip", family: 4, address: formatIpAddress(v4) };
  if (normalized === "") return { kind: "invalid", message: `"${host}" is not a valid host` };
  return { kind: "name", name: normalized };
}
