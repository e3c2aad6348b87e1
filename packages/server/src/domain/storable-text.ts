/**
 * Text that both stores can keep. PostgreSQL's `text` and `jsonb` refuse U+0000 (SQLite keeps it), and
 * a lone surrogate (half of a UTF-16 pair, like "\ud800") has no UTF-8 form at all: JSON may carry
 * either as an escape, so the API refuses them where input enters, naming the field, instead of
 * letting one store fail with a 500 and the other keep what the first cannot.
 */
export interface UnstorableText {
  /** Like `data.responses[0].answer`, `metadata` (for a key), or a query or path parameter's name. */
  readonly field: string;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const NUL_REASON = "contains a NUL character (U+0000), which cannot be stored";
const SURROGATE_REASON = "contains a lone UTF-16 surrogate (invalid Unicode), which cannot be stored";

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Why `text` cannot be stored, or undefined when it can (one pass, no allocation). */
export function unstorableReason(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return NUL_REASON;
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    else if (isHighSurrogate(code) || isLowSurrogate(code)) return SURROGATE_REASON;
  }
  return undefined;
}

/** The same spelling of a field's path as the schema validator's issues. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/**
 * The first string (or object key) anywhere in a parsed JSON value that cannot be stored (`field` is
 * `rootPath` itself for the value as a whole, or for a key of the root object). Walks with its own stack, so a body nested thousands of levels deep cannot overflow the call stack.
 */
export function findUnstorableText(value: unknown, rootPath: string): UnstorableText | undefined {
  const pending: { readonly value: unknown; readonly path: string }[] = [{ value, path: rootPath }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const current = next.value;
    if (typeof current === "string") {
      const reason = unstorableReason(current);
      if (reason !== undefined) return { field: next.path, message: reason };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        pending.push({ value: current[i], path: childPath(next.path, i) });
      }
    } else if (typeof current === "object" && current !== null) {
      const keys = Object.keys(current);
      for (const key of keys) {
        const reason = unstorableReason(key);
        if (reason !== undefined) return { field: next.path, message: `has a key that ${reason}` };
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        pending.push({ value: (current as Record<string, unknown>)[key], path: childPath(next.path, key) });
      }
    }
  }
  return undefined;
}
