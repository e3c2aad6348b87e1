/**
 * A table's column heads. `unlabelled`, when given, adds a last column of links or buttons whose
 * head is read by screen readers only (a visible word there would only repeat the buttons').
 */
export function ColumnHeads(props: { readonly labels: readonly string[]; readonly unlabelled?: string }) {
  return (
    <thead>
      <tr>
        {props.labels.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
        {props.unlabelled === undefined ? null : (
          <th scope="col">
            <span class="visually-hidden">{props.unlabelled}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
