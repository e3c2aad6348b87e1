/**
 * The dashboard's pages, addressed under /dashboard/ (the service answers the page for every one of
 * them, so a reload or a shared link lands on the same view).
 */
export const BASE = "/dashboard";

export type Route =
  | { readonly page: "endpoints" }
  | { readonly page: "endpoint-new" }
  | { readonly page: "endpoint"; readonly id: string }
  | { readonly page: "deliveries" }
  | { readonly page: "delivery"; readonly id: string }
  | { readonly page: "monitoring" }
  | { readonly page: "settings" }
  | { readonly page: "catalog" }
  | { readonly page: "not-found" };

const ID = "([A-Za-z0-9_-]{1,100})";
const PATTERNS: readonly [RegExp, (match: RegExpExecArray) => Route][] = [
  [/^\/?$/, () => ({ page: "endpoints" })],
  [/^\/endpoints\/?$/, () => ({ page: "endpoints" })],
  [/^\/endpoints\/new\/?$/, () => ({ page: "endpoint-new" })],
  [new RegExp(`^/endpoints/${ID}/?$`), (m) => ({ page: "endpoint", id: m[1] as string })],
  [/^\/deliveries\/?$/, () => ({ page: "deliveries" })],
  [new RegExp(`^/deliveries/${ID}/?$`), (m) => ({ page: "delivery", id: m[1] as string })],
  [/^\/monitoring\/?$/, () => ({ page: "monitoring" })],
  [/^\/settings\/?$/, () => ({ page: "settings" })],
  [/^\/events\/?$/, () => ({ page: "catalog" })],
];

/** The page a location's path names (`/dashboard/deliveries` → deliveries). */
export function matchRoute(pathname: string): Route {
  if (pathname !== BASE && !pathname.startsWith(`${BASE}/`)) return { page: "not-found" };
  const rest = pathname.slice(BASE.length);
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(rest);
    if (match !== null) return build(match);
  }
  return { page: "not-found" };
}

/** The dashboard path of a page: `href("/deliveries", { status: "failed" })`. */
export function href(path: string, query?: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== "") params.set(name, value);
  }
  const search = params.toString();
  return `${BASE}${path}${search === "" ? "" : `?${search}`}`;
}
