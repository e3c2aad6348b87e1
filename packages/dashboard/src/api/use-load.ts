import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiResult } from "./client";
import type { Problem } from "./types";

/** Loads data for a view and reloads when `inputs` change; a stale answer never overwrites a newer one. */
export type LoadState<T> =
  | { readonly kind: "loading" }
  | { readonly kind: "loaded"; readonly data: T }
  | { readonly kind: "failed"; readonly problem: Problem };

export function useLoad<T>(
  load: () => Promise<ApiResult<T>>,
  inputs: readonly unknown[],
): { readonly state: LoadState<T>; readonly reload: () => void } {
  const [state, setState] = useState<LoadState<T>>({ kind: "loading" });
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    let active = true;
    void load().then((result) => {
      if (!active || ticket !== latest.current) return;
      setState(
        result.ok ? { kind: "loaded", data: result.data } : { kind: "failed", problem: result.problem },
      );
    });
    return () => {
      active = false;
    };
  }, [...inputs, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { state, reload };
}
