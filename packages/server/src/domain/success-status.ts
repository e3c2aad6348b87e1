/**
 * The one success rule of a delivery attempt (the source document's): only a 2xx answer counts as
 * received. 1xx, 3xx (redirects are never followed), 4xx and 5xx are failed attempts. The SQL of the
 * stores spells it in its own language where a query must.
 */
export function isSuccessStatus(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}
