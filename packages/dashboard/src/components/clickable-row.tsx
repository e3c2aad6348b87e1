import type { ComponentChildren } from "preact";
import { navigate } from "../routing/router";

/**
 * A table row that opens `href` when clicked anywhere. Keyboard and screen-reader users reach the same
 * place through the real link the row must contain (one Tab stop per row, Enter opens it), so the row
 * itself is not focusable. Clicks on the row's own controls, and text selections, are left alone.
 */
export function ClickableRow(props: { readonly href: string; readonly children: ComponentChildren }) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target !== null && target.closest("a, button, input, select, textarea, label, summary") !== null)
      return;
    if ((window.getSelection()?.toString() ?? "") !== "") return; // selecting an id to copy it
    if (event.metaKey || event.ctrlKey) {
      window.open(props.href, "_blank", "noopener");
      return;
    }
    navigate(props.href);
  };
  return (
    <tr class="clickable-row" onClick={onClick}>
      {props.children}
    </tr>
  );
}
