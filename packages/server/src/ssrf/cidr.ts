import { formatIpAddress, type IpAddress, type IpFamily, parseIpAddress } from "./ip-address.js";

/** A block of addresses: a network address and how many leading bits are fixed. */
export interface Cidr {
  readonly family: IpFamily;
  readonly network: Uint8Array;
  readonly prefixLength: number;
  /** The canonical text, e.g. `10.1.2.0/24` or `fd00::/8`. */
  readonly text: string;
}

export type CidrParseResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly message: string };

function hasHostBits(bytes: Uint8Array, prefixLength: number): boolean {
  for (let bit = prefixLength; bit < bytes.length * 8; bit++) {
    if (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) return true;
  }
  return false;
}

function withoutHostBits(bytes: Uint8Array, prefixLength: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let bit = prefixLength; bit < out.length * 8; bit++)
    out[bit >> 3] = (out[bit >> 3] ?? 0) & ~(1 << (7 - (bit & 7)));
  return out;
}

/**
 * Parses `address/prefix` (IPv4 or IPv6), or a bare address (a single host: /32 or /128).
 * Host bits set below the prefix (`10.1.2.3/24`) are refused: the entry is ambiguous and the error
 * says which network was probably meant.
 */
export function parseCidr(input: string): CidrParseResult {
  const text = input.trim();
  const slash = text.indexOf("/");
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address === undefined || addressText.includes("%")) {
    return { ok: false, message: `"${input}" is not a CIDR block: "${addressText}" is not an IP address` };
  }
  const maxLength = address.family === 4 ? 32 : 128;
  let prefixLength = maxLength;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > maxLength) {
      return {
        ok: false,
        message: `"${input}" is not a CIDR block: the prefix length must be 0 to ${maxLength}`,
      };
    }
    prefixLength = Number(prefixText);
  }
  const network = withoutHostBits(address.bytes, prefixLength);
  const canonical = `${formatIpAddress({ family: address.family, bytes: network })}/${prefixLength}`;
  if (hasHostBits(address.bytes, prefixLength)) {
    return {
      ok: false,
      message: `"${input}" has host bits set below its /${prefixLength} prefix; did you mean ${canonical}?`,
    };
  }
  return { ok: true, cidr: { family: address.family, network, prefixLength, text: canonical } };
}

/** Parses a CIDR written in this code (a constant table); a typo there is a programming error. */
export function cidrOf(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`voicehire-webhooks: bad built-in CIDR: ${parsed.message}`);
  return parsed.cidr;
}

/** True when `ip` lies inside `cidr` (always false across families). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const fullBytes = cidr.prefixLength >> 3;
  for (let i = 0; i < fullBytes; i++) if (cidr.network[i] !== ip.bytes[i]) return false;
  const restBits = cidr.prefixLength & 7;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return ((cidr.network[fullBytes] ?? 0) & mask) === ((ip.bytes[fullBytes] ?? 0) & mask);
}
