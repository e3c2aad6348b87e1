import type { JSX } from "preact";

/**
 * An input for a value typed to the letter (a URL, a key, a secret, a number): the browser neither
 * suggests earlier entries nor marks the words as misspelt, and the value comes back as text.
 */
export function ExactInput(
  props: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "onInput"> & {
    readonly onValue: (value: string) => void;
  },
) {
  const { onValue, ...input } = props;
  return (
    <input
      autoComplete="off"
      spellcheck={false}
      {...input}
      onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
    />
  );
}
