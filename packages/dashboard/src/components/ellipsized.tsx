/**
 * Text kept on one line and cut with "…" when its column is too narrow (a URL, an id): breaking it
 * mid-word makes it unreadable. The whole text stays in the tooltip and for screen readers.
 */
export function Ellipsized(props: { readonly text: string }) {
  return (
    <span class="ellipsis" title={props.text}>
      {props.text}
    </span>
  );
}
