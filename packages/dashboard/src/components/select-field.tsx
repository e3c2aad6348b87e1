import { endpointLabel } from "../api/endpoint-label.js";
import type { Endpoint } from "../api/types";
import { Field } from "./field";

/** One choice of a select: the value sent, the text shown. */
export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

/** A labelled select in the forms' field layout, giving its chosen value as text. */
export function SelectField(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly SelectOption[];
  readonly onChange: (value: string) => void;
}) {
  return (
    <Field id={props.id} label={props.label}>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Endpoints as choices, each shown by its URL; `anyLabel` adds a first choice of none in particular. */
export function endpointOptions(endpoints: readonly Endpoint[], anyLabel?: string): SelectOption[] {
  const options = endpoints.map((endpoint) => ({ value: endpoint.id, label: endpointLabel(endpoint) }));
  return anyLabel === undefined ? options : [{ value: "", label: anyLabel }, ...options];
}
