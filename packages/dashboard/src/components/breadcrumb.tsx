import { Link } from "../routing/router";

/** The way back from a detail page to the list it was opened from. */
export function Breadcrumb(props: { readonly href: string; readonly label: string }) {
  return (
    <p class="breadcrumb">
      <Link href={props.href}>{props.label}</Link>
    </p>
  );
}
