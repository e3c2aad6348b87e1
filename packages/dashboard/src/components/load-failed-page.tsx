import type { Problem } from "../api/types";
import { PageHeading } from "./page-heading";
import { ProblemMessage } from "./problem-message";

/** A detail page whose resource could not be read: its title, and why (not found, signed out…). */
export function LoadFailedPage(props: { readonly title: string; readonly problem: Problem }) {
  return (
    <div class="page">
      <PageHeading>{props.title}</PageHeading>
      <ProblemMessage problem={props.problem} />
    </div>
  );
}
