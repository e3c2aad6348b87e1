/**
 * IP addresses as bytes: the strict textual forms that resolvers return (dotted-quad IPv4, any valid
 * IPv6 text, an optional `%zone`), parsed into 4 or 16 bytes so that ranges can be compared exactly.
 * Lenient spellings (`0x7f.1`, `2130706433`, ...) are the business of `parseHostLiteral`, not this file.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** 4 bytes for IPv4, 16 for IPv6, network order. */
  readonly bytes: Uint8Array;
}

const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses `a.b.c.d` with decimal parts 0-255 and no leading zeros (an octal-looking part is refused). */
export function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? "";
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return { family: 4, bytes };
}

/** Parses the groups of one side of `::`, where the last group may be a dotted IPv4 (two groups). */
function parseGroups(text: string, mayEndWithIpv4: boolean): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    if (i === parts.length - 1 && mayEndWithIpv4 && part.includes(".")) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      const [a = 0, b = 0, c = 0, d = 0] = v4.bytes;
      groups.push((a << 8) | b, (c << 8) | d);
    } else {
      if (!HEX_GROUP.test(part)) return undefined;
      groups.push(Number.parseInt(part, 16));
    }
  }
  return groups;
}

/** Parses any valid IPv6 text (compressed, embedded dotted IPv4, `%zone` ignored); no brackets. */
export function parseIpv6(input: string): IpAddress | undefined {
  const zoneAt = input.indexOf("%");
  if (zoneAt === 0 || zoneAt === input.length - 1) return undefined;
  const text = zoneAt === -1 ? input : input.slice(0, zoneAt);
  if (text.length > 45) return undefined; // longest valid form: 6 full groups + a dotted quad
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0] ?? "", false);
    const tail = parseGroups(halves[1] ?? "", true);
    if (head === undefined || tail === undefined) return undefined;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    const all = parseGroups(text, true);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return { family: 6, bytes };
}

/** Parses a strict IPv4 or IPv6 address, or undefined when the text is not one. */
export function parseIpAddress(text: string): IpAddress | undefined {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

/** The canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run compressed). */
export function formatIpAddress(ip: IpAddress): string {
  if (ip.family === 4) return Array.from(ip.bytes).join(".");
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((ip.bytes[2 * i] ?? 0) << 8) | (ip.bytes[2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(":");
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** The IPv4 address held in 4 bytes of `bytes` from `offset` (XOR-ed with `mask`, for Teredo). */
export function ipv4FromBytes(bytes: Uint8Array, offset: number, mask = 0): IpAddress {
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = (bytes[offset + i] ?? 0) ^ mask;
  return { family: 4, bytes: out };
}
