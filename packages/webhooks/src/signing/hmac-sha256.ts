/** HMAC-SHA256 through Web Crypto only, so it runs on Node 20+, Deno, Bun, Workers and browsers. */
import { plain, subtle } from "./web-crypto.js";

export function importHmacKey(keyBytes: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey("raw", plain(keyBytes), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

export async function hmacSha256(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign("HMAC", key, plain(message)));
}

/**
 * Compares two byte strings in time that depends only on their lengths (a MAC's length is public),
 * never on where they first differ.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
