import type { MessageKey } from "../i18n/translate";

/**
 * The endpoint URL check the page runs as the user types: the same rules as the service (absolute,
 * HTTPS, no credentials, not a local address outside development mode), so that what the page calls
 * fine, the service accepts.
 */
export type UrlCheck =
  | { readonly kind: "empty" }
  | { readonly kind: "ok"; readonly note: MessageKey | null }
  | { readonly kind: "invalid"; readonly reason: MessageKey };

const MAX_URL_LENGTH = 2048;

function isLocalHost(host: string): boolean {
  const name = host.replace(/\.$/, "").toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  const v4 = name.split(".");
  if (v4.length === 4 && v4.every((p) => /^\d{1,3}$/.test(p))) {
    const [a = 0, b = 0] = v4.map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (name.startsWith("[")) {
    const inner = name.slice(1, -1);
    return inner === "::1" || inner === "::" || /^f[cd]|^fe[89ab]|^ff|^::ffff:/.test(inner);
  }
  return false;
}

export function checkEndpointUrl(value: string, developmentMode: boolean): UrlCheck {
  const text = value.trim();
  if (text === "") return { kind: "empty" };
  if (text.length > MAX_URL_LENGTH) return { kind: "invalid", reason: "url.too_long" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      kind: "invalid",
      reason: /^https?:\/\//i.test(text) ? "url.malformed" : "url.needs_https_prefix",
    };
  }
  if (url.protocol === "http:" && !developmentMode) return { kind: "invalid", reason: "url.needs_https" };
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { kind: "invalid", reason: "url.needs_https" };
  if (url.username !== "" || url.password !== "") return { kind: "invalid", reason: "url.no_credentials" };
  if (url.hostname === "") return { kind: "invalid", reason: "url.malformed" };
  const local = isLocalHost(url.hostname);
  if (local && !developmentMode) return { kind: "invalid", reason: "url.no_local" };
  if (url.protocol === "http:") return { kind: "ok", note: "url.ok_http_dev" };
  return { kind: "ok", note: local ? "url.ok_local_dev" : null };
}
