import { unstorableReason } from "./storable-text.js";

/** Where in a request a text that cannot be stored was found (see `storable-text.ts`). */
export interface UnstorableText {
  /** Like `data.responses[0].answer`, `metadata` (for a key), or a query or path parameter's name. */
  readonly field: string;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

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
