/** A request body as frameworks hand it over: the exact bytes, or text that will be UTF-8 encoded. */
export type RawBody = string | Uint8Array | ArrayBuffer;

const encoder = new TextEncoder();

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The exact bytes of a body (a Node `Buffer` is a `Uint8Array` and is used as is). */
export function bodyBytes(body: RawBody): Uint8Array {
  if (typeof body === "string") return utf8Encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Decodes hex (either case); null when `text` is not whole bytes of hex digits. */
export function fromHex(text: string): Uint8Array | null {
  if (!HEX.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET.charAt(triple >> 18) + ALPHABET.charAt((triple >> 12) & 63);
    out += b === undefined ? "=" : ALPHABET.charAt((triple >> 6) & 63);
    out += c === undefined ? "=" : ALPHABET.charAt(triple & 63);
  }
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes padded standard base64; null when `text` is not canonical base64. */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    if (char === "=") break;
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 255;
    }
  }
  return out;
}
