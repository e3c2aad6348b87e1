/**
 * The one success rule of the wire contract (the source document's): only a 2xx answer counts. A
 * receiver's 1xx, 3xx (redirects are never followed), 4xx and 5xx are failed attempts; the API's
 * own answers follow the same rule for the publisher. The stores' SQL spells it in its own language
 * where a query must.
 */
export function isSuccessStatus(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}
