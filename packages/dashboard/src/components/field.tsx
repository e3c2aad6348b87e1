import type { ComponentChildren } from "preact";

/**
 * A form field: its label above its control, then an optional help line with the id `<id>-help`,
 * for the control's `aria-describedby`.
 */
export function Field(props: {
  readonly id: string;
  readonly label: string;
  readonly help?: string;
  readonly children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.help === undefined ? null : (
        <span id={`${props.id}-help`} class="help">
          {props.help}
        </span>
      )}
    </div>
  );
}
