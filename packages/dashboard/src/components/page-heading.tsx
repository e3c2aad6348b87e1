import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { hasViewChanged } from "../routing/router";

/**
 * A page's h1. It takes the focus when the page opens, so keyboard and screen-reader users start on
 * the new page's title after a navigation (as they would after a full page load). On the page load's
 * first view the browser's own focus order stands (the skip link comes first).
 */
export function PageHeading(props: {
  readonly children: ComponentChildren;
  readonly focusKey?: string | number;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (hasViewChanged()) ref.current?.focus({ preventScroll: false });
  }, [props.focusKey]);
  return (
    <h1 ref={ref} tabIndex={-1} class="page-title">
      {props.children}
    </h1>
  );
}
