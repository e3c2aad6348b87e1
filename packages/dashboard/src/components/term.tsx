import type { ComponentChildren } from "preact";

/** One name and its value in a description list (a summary of facts, the monitoring figures). */
export function Term(props: {
  readonly term: string;
  readonly children: ComponentChildren;
  readonly valueClass?: string;
}) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd class={props.valueClass}>{props.children}</dd>
    </div>
  );
}
