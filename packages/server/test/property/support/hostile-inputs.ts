import fc from "fast-check";

/**
 * Arbitraries of hostile input for the public API: strings and JSON that validators and parsers
 * tend to get wrong (types, sizes, nesting, unicode, prototype keys), and whole request parts.
 */

const NASTY_STRINGS = [
  "",
  " ",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9007199254740993",
  "2024-02-30T25:61:00Z",
  // Year 10000 or 0000 once in UTC, and spellings that only some date parsers take.
  "9999-12-31T23:59:59.999-23:59",
  "0001-01-01T00:00:00+00:01",
  "10000-01-01T00:00:00Z",
  "+010000-01-01T00:00:00.000Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:60Z",
  "../../etc/passwd",
  "%00",
  "%",
  "%ZZ",
  "\u0000",
  "a\u0000b",
  "\uFEFF",
  "\uD800",
  "\uDFFFa",
  "\u202E",
  "💥🔥",
  "e\u0301",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style string, on purpose
  "${jndi:ldap://x}",
  "{{7*7}}",
  "\r\nX-Injected: 1",
  "http://127.0.0.1:1/",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "acc_",
  "ep_",
  "dlv_",
  "evt_",
] as const;

/** Lengths around the limits the API declares (names, descriptions, secrets) and far beyond. */
const sizedString = fc
  .constantFrom(7, 8, 64, 200, 201, 256, 257, 500, 501, 5_000, 70_000)
  .chain((length) => fc.constantFrom("a", "é", "💥", "\u0000").map((unit) => unit.repeat(length)));

/** Lone surrogates become U+FFFD: what a client can percent-encode at all. */
export function encodeComponent(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"),
  );
}

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: sizedString },
);

const prototypeKeys = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf");

/** Objects and arrays nested far deeper than any real payload (a recursive validator may overflow). */
const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean())
  .map(([depth, asObject]) => {
    let value: unknown = "bottom";
    for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
    return value;
  });

export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      -0,
      1e308,
      -1e308,
      1e21,
      2 ** 63,
      -(2 ** 63),
      2 ** 31,
      5e-324,
      Number.MAX_SAFE_INTEGER + 2,
      [],
      {},
      [null],
      ["campaign.created", "campaign.created"],
      { "": "" },
      { "\u0000": "key" },
      { nested: { "a\uD800": ["\u0000"] } },
    ),
  },
  { weight: 1, arbitrary: deeplyNested },
  {
    weight: 1,
    arbitrary: fc.dictionary(prototypeKeys, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }),
  },
);

/** A JSON text whose keys include `__proto__` and friends, as a parser sees them (own keys). */
export const prototypePollutionText: fc.Arbitrary<string> = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"url":"x","__proto__":{"polluted":"yes"},"event_types":["campaign.created"]}',
  '{"event":"campaign.created","data":{"__proto__":{"polluted":"yes"}}}',
  '{"metadata":{"__proto__":"x","constructor":"y"}}',
  '{"a":1,"a":2}',
);

/** Bodies that are not JSON at all, or broken JSON. */
export const malformedText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "{",
    "}",
    "[",
    "nul",
    "{'a':1}",
    '{"a":}',
    "\u0000",
    "\uFEFF{}",
    "1 2",
    '"unterminated',
    "[".repeat(100_000),
  ),
  fc.string({ unit: "binary", maxLength: 50 }),
);

/**
 * Mutates one field of a valid body: replaced by hostile JSON, deleted, or joined by an unknown key;
 * or the whole body replaced. Nested fields (`data.*`) are reached too.
 */
export function mutatedBody(template: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = fieldPaths(template);
  if (paths.length === 0) return hostileJson;
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...paths),
        fc.constantFrom("replace", "delete", "add"),
        hostileJson,
        hostileString,
      )
      .map(([path, how, value, key]) => mutate(template, path, how, value, key)),
    fc.constant<unknown>(template),
    hostileJson,
  );
}

function fieldPaths(value: Record<string, unknown>, prefix: readonly string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, key];
    const nested =
      typeof child === "object" && child !== null && !Array.isArray(child) && prefix.length < 2
        ? fieldPaths(child as Record<string, unknown>, path)
        : [];
    return [path, ...nested];
  });
}

function mutate(
  template: Record<string, unknown>,
  path: readonly string[],
  how: "replace" | "delete" | "add",
  value: unknown,
  key: string,
): unknown {
  const copy = structuredClone(template);
  let parent: Record<string, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string, unknown>;
  const last = path[path.length - 1] ?? "";
  if (how === "replace")
    Object.defineProperty(parent, last, { value, enumerable: true, configurable: true, writable: true });
  else if (how === "delete") delete parent[last];
  else Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

export const contentTypes = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/merge-patch+json",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "a/b/c",
  "",
);

/** Printable ASCII: what an HTTP client can put in a header at all. */
const headerValue = fc.oneof(
  fc.string({ unit: "binary-ascii", maxLength: 60 }).map((text) => text.replace(/[^\x20-\x7e]/g, "")),
  fc.constantFrom("", "acc_unknown", "__proto__", "1", "-1", "true", "[]", "{}", "a".repeat(8_000)),
);

export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom(
    "voicehire-account",
    "idempotency-key",
    "cookie",
    "x-csrf-token",
    "origin",
    "accept",
    "accept-encoding",
    "x-forwarded-for",
    "x-request-id",
    "if-none-match",
    "range",
    "x-random-header",
  ),
  headerValue,
  { maxKeys: 3 },
);

/** Query strings: known parameters with bad values, repeated or bracketed keys, raw junk. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc.constant(""),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            "limit",
            "cursor",
            "status",
            "event_type",
            "endpoint_id",
            "event_id",
            "campaign_id",
            "candidate_id",
            "since",
            "until",
            "from",
            "bucket",
            "test",
            "__proto__",
            "constructor[prototype][polluted]",
            "a[b][c]",
          ),
          hostileString,
        ),
        fc.oneof(
          fc.constantFrom(
            "0",
            "1",
            "100",
            "101",
            "-1",
            "1.5",
            "abc",
            "true",
            "failed",
            "pending",
            "hour",
            "day",
            "2024-01-15T10:30:00.000Z",
            "2024-13-45",
            "9999-12-31T23:59:59.999-23:59",
            "10000-01-01T00:00:00Z",
            "1e309",
            "99999999999999999999",
          ),
          hostileString,
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join("&")),
  fc.constantFrom("%", "%ZZ=1", "a=%FF%FE", "&&&", "=", "limit=1&limit=2", "limit[]=1", "a".repeat(5_000)),
);

export const methods = fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
