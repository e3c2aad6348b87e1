import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { matchRoute, type Route } from "./routes";

/** A tiny history router: pushState navigation, back/forward, links that stay in the page. */
export interface Location {
  readonly route: Route;
  readonly search: URLSearchParams;
  /** Changes on every navigation, even to the same path (used as a refresh key). */
  readonly key: number;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let navigationCount = 0;
let viewChanged = false;

/**
 * True once the user has moved to another view (a link, back/forward, signing in). On the first view
 * of a page load the focus stays where the browser puts it, so the skip link is the first Tab stop.
 */
export function hasViewChanged(): boolean {
  return viewChanged;
}

export function noteViewChange(): void {
  viewChanged = true;
}

function current(): Location {
  return {
    route: matchRoute(window.location.pathname),
    search: new URLSearchParams(window.location.search),
    key: navigationCount,
  };
}

export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  navigationCount++;
  viewChanged = true;
  if (options.replace === true) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  for (const listener of listeners) listener();
}

export function useLocation(): Location {
  const [location, setLocation] = useState<Location>(current);
  useEffect(() => {
    const update = () => setLocation(current());
    const onPop = () => {
      navigationCount++;
      viewChanged = true;
      update();
    };
    listeners.add(update);
    window.addEventListener("popstate", onPop);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", onPop);
    };
  }, []);
  return location;
}

type AnchorProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, "href" | "onClick">;

/** An in-page link: a real <a href> (open in a new tab works), navigated without a reload. */
export function Link(props: AnchorProps & { readonly href: string; readonly children: ComponentChildren }) {
  const { href, children, ...rest } = props;
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
