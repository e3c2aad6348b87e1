/** One radio button per choice, in a group named `name`, each labelled by `label(choice)`. */
export function RadioChoices<T extends string>(props: {
  readonly name: string;
  readonly choices: readonly T[];
  readonly value: T;
  readonly label: (choice: T) => string;
  readonly onChange: (choice: T) => void;
}) {
  return (
    <>
      {props.choices.map((choice) => (
        <label key={choice} class="check">
          <input
            type="radio"
            name={props.name}
            value={choice}
            checked={props.value === choice}
            onChange={() => props.onChange(choice)}
          />
          <span>{props.label(choice)}</span>
        </label>
      ))}
    </>
  );
}
