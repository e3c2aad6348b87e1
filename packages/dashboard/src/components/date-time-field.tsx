import { useEffect, useState } from "preact/hooks";
import {
  DATE_INPUT_PATTERN,
  formatDateInput,
  type ParsedDateInput,
  parseDateInput,
} from "../i18n/date-input-format";
import { useI18n } from "../i18n/i18n-context";

/**
 * A date and time typed in the page's language (see date-input-format.ts), with its format always
 * shown below (a placeholder would vanish while typing and be cut on a phone), and a field error while
 * the text is not a date. Switching the language
 * rewrites a valid value in the new language's format.
 */
export function DateTimeField(props: {
  readonly id: string;
  readonly label: string;
  /** The ISO time shown, or undefined for an empty field. */
  readonly value: string | undefined;
  readonly onChange: (parsed: ParsedDateInput) => void;
  readonly required?: boolean;
  readonly help?: string;
}) {
  const { t, language } = useI18n();
  const [text, setText] = useState(() =>
    props.value === undefined ? "" : formatDateInput(props.value, language),
  );
  const [shownLanguage, setShownLanguage] = useState(language);
  const parsed = parseDateInput(text, shownLanguage);

  useEffect(() => {
    if (language === shownLanguage) return;
    if (parsed.kind === "valid") setText(formatDateInput(parsed.iso, language));
    setShownLanguage(language);
  }, [language]);

  const pattern = DATE_INPUT_PATTERN[language];
  const invalid = parsed.kind === "invalid";
  const helpId = `${props.id}-help`;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellcheck={false}
        required={props.required}
        value={text}
        aria-invalid={invalid}
        aria-describedby={helpId}
        onInput={(event) => {
          const next = (event.currentTarget as HTMLInputElement).value;
          setText(next);
          props.onChange(parseDateInput(next, language));
        }}
      />
      <span id={helpId} class={invalid ? "field-error" : "help"}>
        {invalid
          ? t("date.invalid", { format: pattern })
          : [t("date.format", { format: pattern }), props.help].filter(Boolean).join(" · ")}
      </span>
    </div>
  );
}
