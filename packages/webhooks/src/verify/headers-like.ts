/**
 * Request headers as any runtime gives them: a Web `Headers` (or anything with `get`), or a plain
 * record such as Node's `IncomingHttpHeaders` (any key case; arrays for repeated headers).
 */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a request says for one header name. */
export type HeaderValue =
  | { readonly kind: "absent" }
  | { readonly kind: "single"; readonly value: string }
  | { readonly kind: "repeated"; readonly values: readonly string[] };

const ABSENT: HeaderValue = { kind: "absent" };

function hasGet(headers: object): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === "function";
}

/** Reads one header (case-insensitive). Never throws, whatever `headers` is. */
export function readHeader(headers: unknown, name: string): HeaderValue {
  if (typeof headers !== "object" || headers === null) return ABSENT;
  const lowerName = name.toLowerCase();
  if (hasGet(headers)) {
    const value = headers.get(lowerName);
    return typeof value === "string" ? { kind: "single", value } : ABSENT;
  }
  const values: string[] = [];
  for (const [key, raw] of Object.entries(headers)) {
    if (key.toLowerCase() !== lowerName) continue;
    for (const value of Array.isArray(raw) ? (raw as unknown[]) : [raw]) {
      if (typeof value === "string") values.push(value);
    }
  }
  if (values.length === 0) return ABSENT;
  if (values.length === 1) return { kind: "single", value: values[0] as string };
  return { kind: "repeated", values };
}
