import type { ValidationIssue } from "@voicehire/webhooks";

/**
 * Checks an endpoint URL when it is registered: it must parse, be HTTPS, carry no credentials, and
 * (outside development mode) not name a loopback, private or link-local address literally, nor
 * `localhost`. Host names that resolve to such addresses are refused at connect time by the SSRF guard
 * (src/ssrf/), which this check does not replace.
 *
 * In development mode, plain HTTP and local addresses are allowed, for testing against a local receiver.
 */
export interface EndpointUrlPolicy {
  readonly developmentMode: boolean;
}

export const MAX_ENDPOINT_URL_LENGTH = 2048;

function issue(message: string): ValidationIssue[] {
  return [{ path: "url", message }];
}

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function isLocalIpv4(octets: readonly number[]): boolean {
  const [a = 0, b = 0] = octets;
  return (
    a === 0 || // "this network", 0.0.0.0
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, incl. the cloud metadata address
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast, reserved, broadcast
  );
}

/** Expands a (WHATWG-normalized) IPv6 literal to its 8 groups, or undefined when it is not one. */
function ipv6Groups(host: string): number[] | undefined {
  if (!host.startsWith("[") || !host.endsWith("]")) return undefined;
  const text = host.slice(1, -1);
  const [head = "", tail] = text.split("::");
  const parse = (part: string): number[] =>
    part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

function isLocalIpv6(groups: readonly number[]): boolean {
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const upperZero = groups.slice(0, 5).every((g) => g === 0);
  if (upperZero && g5 === 0 && g6 === 0 && g7 <= 1) return true; // :: and ::1
  if (upperZero && g5 === 0xffff) return isLocalIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]); // IPv4-mapped
  return (
    (g0 & 0xffc0) === 0xfe80 || // link-local
    (g0 & 0xfe00) === 0xfc00 || // unique local
    (g0 & 0xff00) === 0xff00 // multicast
  );
}

function isLocalHostName(host: string): boolean {
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  return name === "localhost" || name.endsWith(".localhost");
}

/** Why the host may not receive webhooks outside development mode, or undefined when it may. */
function localHostReason(host: string): string | undefined {
  if (isLocalHostName(host)) return "must not point to localhost (allowed in development mode only)";
  const v4 = ipv4Octets(host);
  if (v4 !== undefined && isLocalIpv4(v4)) {
    return `must not point to a loopback, private or link-local address (${host}); allowed in development mode only`;
  }
  const v6 = ipv6Groups(host);
  if (v6 !== undefined && isLocalIpv6(v6)) {
    return `must not point to a loopback, private or link-local address (${host}); allowed in development mode only`;
  }
  return undefined;
}

/** The problems of an endpoint URL (each naming the field `url`); empty when it is acceptable. */
export function validateEndpointUrl(value: unknown, policy: EndpointUrlPolicy): ValidationIssue[] {
  if (typeof value !== "string") return issue("must be a string");
  if (value.length > MAX_ENDPOINT_URL_LENGTH) {
    return issue(`must be at most ${MAX_ENDPOINT_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue("must be an absolute URL, e.g. https://example.com/webhooks");
  }
  if (url.protocol !== "https:" && !(policy.developmentMode && url.protocol === "http:")) {
    return issue(
      policy.developmentMode
        ? "must use https or http"
        : "must use https (plain http is allowed in development mode only)",
    );
  }
  if (url.username !== "" || url.password !== "") return issue("must not contain a user name or password");
  if (url.hostname === "") return issue("must have a host");
  if (!policy.developmentMode) {
    const reason = localHostReason(url.hostname);
    if (reason !== undefined) return issue(reason);
  }
  return [];
}
