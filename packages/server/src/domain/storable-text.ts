/**
 * Text that both stores can keep. PostgreSQL's `text` and `jsonb` refuse U+0000 (SQLite keeps it), and
 * a lone surrogate (half of a UTF-16 pair, like "\ud800") has no UTF-8 form at all. The rule is written
 * here once and used two ways: input is refused where it enters the API, naming the field
 * (`find-unstorable-text.ts`), and what a receiver answers is made storable (`storableText`), since it is
 * never trusted to be storable as is.
 */

/** What replaces a character that cannot be stored: U+FFFD REPLACEMENT CHARACTER. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE_SOURCE =
  "\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_SOURCE, "g");

const NUL_REASON = "contains a NUL character (U+0000), which cannot be stored";
const SURROGATE_REASON = "contains a lone UTF-16 surrogate (invalid Unicode), which cannot be stored";

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (found === null) return undefined;
  return found[0] === "\u0000" ? NUL_REASON : SURROGATE_REASON;
}

/** A JSON escape that may spell what cannot be stored: `\u0000`, or a surrogate (`\uD800` to `\uDFFF`). */
const RISKY_JSON_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Whether JSON text may parse to a string or key that cannot be stored. In JSON text a string can hold
 * U+0000 or a surrogate only through an escape (a raw control character is a syntax error), so text
 * with neither such an escape nor such a character parses to storable text only: the parsed value
 * need not be walked.
 */
export function mayHoldUnstorableText(jsonText: string): boolean {
  return RISKY_JSON_ESCAPE.test(jsonText) || UNSTORABLE.test(jsonText);
}

/** `text` with every character that cannot be stored replaced by U+FFFD. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER) : text;
}
