/**
 * The two bits of RFC 6265 the dashboard needs: reading one cookie from a `Cookie` header, and writing
 * a `Set-Cookie` value. Only cookie names and values made of token characters are handled (ours are).
 */

/** The value of cookie `name` in a `Cookie` request header, or undefined. The first one wins. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === "") return undefined;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  }
  return undefined;
}

export interface CookieAttributes {
  /** Seconds; 0 deletes the cookie. */
  readonly maxAgeSeconds: number;
  readonly secure: boolean;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/ always (what a session cookie must be). */
export function serializeSessionCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(attributes.maxAgeSeconds))}`,
    "HttpOnly",
    "SameSite=Strict",
  ];
  if (attributes.secure) parts.push("Secure");
  return parts.join("; ");
}
