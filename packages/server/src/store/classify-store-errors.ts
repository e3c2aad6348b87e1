/**
 * Wraps every method of a store so that what it throws (synchronously or as a rejection) goes through
 * `classify` once: an adapter passes its engine's classifier, which turns the errors that mean "the
 * store is unavailable" into `StoreUnavailableError` and returns any other error unchanged.
 */
export function classifyStoreErrors<S extends object>(store: S, classify: (error: unknown) => unknown): S {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    wrapped[name] = typeof value === "function" ? classifyErrorsOf(value as AnyFunction, classify) : value;
  }
  return wrapped as S;
}

type AnyFunction = (...args: unknown[]) => unknown;

function classifyErrorsOf(method: AnyFunction, classify: (error: unknown) => unknown): AnyFunction {
  return (...args) => {
    let result: unknown;
    try {
      result = method(...args);
    } catch (error) {
      throw classify(error);
    }
    return result instanceof Promise
      ? result.catch((error: unknown) => {
          throw classify(error);
        })
      : result;
  };
}
